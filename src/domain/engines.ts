/** The set of engines a command works with, local or remote. */
import type { ContainerEngine } from "./container-engine.ts";
import type { ImageEngine } from "./image-engine.ts";
import type { ImageArchiveEngine } from "./image-archive-engine.ts";
import type { SystemEngine } from "./system-engine.ts";

export interface Engines {
  containers: ContainerEngine;
  images: ImageEngine;
  /** save/load/import and the local transports (oci:, oci-archive:, docker-archive:, dir:). */
  archives: ImageArchiveEngine;
  system: SystemEngine;
}
