/** Builds the local engine set (the composition root's local half). */
import type { Engines } from "../domain/engines.ts";
import { resolveEngineSettings, type GlobalSettingsInput } from "../config/engine-settings.ts";
import { Runtime } from "../engine/runtime.ts";
import { LocalContainerEngine } from "./local-container-engine.ts";
import { LocalImageEngine } from "./local-image-engine.ts";
import { LocalSystemEngine } from "./local-system-engine.ts";
import { LocalEventsEngine } from "./local-events-engine.ts";
import { LocalHealthEngine } from "./local-health-engine.ts";

export function createLocalEngines(globals: GlobalSettingsInput, argv: string[]): Engines {
  const rt = new Runtime(resolveEngineSettings(globals));
  return {
    containers: new LocalContainerEngine(rt, argv),
    images: new LocalImageEngine(rt),
    system: new LocalSystemEngine(rt),
    events: new LocalEventsEngine(rt),
    health: new LocalHealthEngine(rt),
  };
}
