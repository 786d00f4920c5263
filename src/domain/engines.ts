/** The set of engines a command works with, local or remote. */
import type { ContainerEngine } from "./container-engine.ts";
import type { ContainerLifecycleEngine } from "./container-lifecycle-engine.ts";
import type { ImageEngine } from "./image-engine.ts";
import type { SystemEngine } from "./system-engine.ts";

export interface Engines {
  containers: ContainerEngine;
  lifecycle: ContainerLifecycleEngine;
  images: ImageEngine;
  system: SystemEngine;
}
