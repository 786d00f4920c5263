/** The set of engines a command works with, local or remote. */
import type { ContainerEngine } from "./container-engine.ts";
import type { ContainerExecEngine } from "./container-exec-engine.ts";
import type { ContainerFsEngine } from "./container-fs-engine.ts";
import type { ContainerLifecycleEngine } from "./container-lifecycle-engine.ts";
import type { EventsEngine } from "./events-engine.ts";
import type { HealthEngine } from "./health-engine.ts";
import type { ImageEngine } from "./image-engine.ts";
import type { ImageStoreEngine } from "./image-store-engine.ts";
import type { RegistryEngine } from "./registry-engine.ts";
import type { ImageArchiveEngine } from "./image-archive-engine.ts";
import type { SystemEngine } from "./system-engine.ts";
import type { TrustEngine } from "./trust-engine.ts";
import type { NetworkEngine } from "./network-engine.ts";
import type { BuildEngine } from "./build-engine.ts";
import type { VolumeEngine } from "./volume-engine.ts";
import type { SecretEngine } from "./secret-engine.ts";
import type { PodEngine } from "./pod-engine.ts";
import type { ContainerStreamEngine } from "./container-stream-engine.ts";

export interface Engines {
  containers: ContainerEngine;
  /** exec, top, stats, port */
  containerExec: ContainerExecEngine;
  /** diff, cp, mount/unmount, export, commit */
  containerFs: ContainerFsEngine;
  lifecycle: ContainerLifecycleEngine;
  images: ImageEngine;
  imageStore: ImageStoreEngine;
  /** save/load/import and the local transports (oci:, oci-archive:, docker-archive:, dir:). */
  archives: ImageArchiveEngine;
  system: SystemEngine;
  registries: RegistryEngine;
  trust: TrustEngine;
  events: EventsEngine;
  health: HealthEngine;
  networks: NetworkEngine;
  builds: BuildEngine;
  volumes: VolumeEngine;
  secrets: SecretEngine;
  pods: PodEngine;
  /** API streams: attach before start, piped exec sessions, resize. */
  streams: ContainerStreamEngine;
}
