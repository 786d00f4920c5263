/** The set of engines a command works with, local or remote. */
import type { ContainerEngine } from "./container-engine.ts";
import type { EventsEngine } from "./events-engine.ts";
import type { HealthEngine } from "./health-engine.ts";
import type { ImageEngine } from "./image-engine.ts";
import type { SystemEngine } from "./system-engine.ts";

export interface Engines {
  containers: ContainerEngine;
  images: ImageEngine;
  system: SystemEngine;
  events: EventsEngine;
  health: HealthEngine;
}
