/** Builds the local engine set (the composition root's local half). */
import type { Engines } from "../domain/engines.ts";
import { resolveEngineSettings, type GlobalSettingsInput } from "../config/engine-settings.ts";
import { Runtime } from "../engine/runtime.ts";
import { LocalContainerEngine } from "./local-container-engine.ts";
import { LocalContainerExecEngine } from "./local-container-exec-engine.ts";
import { LocalContainerFsEngine } from "./local-container-fs-engine.ts";
import { LocalLifecycleEngine } from "./local-lifecycle-engine.ts";
import { LocalImageEngine } from "./local-image-engine.ts";
import { LocalImageStoreEngine } from "./local-image-store-engine.ts";
import { LocalRegistryEngine } from "./local-registry-engine.ts";
import { LocalImageArchiveEngine } from "./local-image-archive-engine.ts";
import { LocalSystemEngine } from "./local-system-engine.ts";
import { LocalTrustEngine } from "./local-trust-engine.ts";
import { LocalEventsEngine } from "./local-events-engine.ts";
import { LocalHealthEngine } from "./local-health-engine.ts";
import { LocalNetworkEngine } from "./local-network-engine.ts";

export function createLocalEngines(globals: GlobalSettingsInput, argv: string[]): Engines {
  const rt = new Runtime(resolveEngineSettings(globals));
  return {
    containers: new LocalContainerEngine(rt, argv),
    containerExec: new LocalContainerExecEngine(rt),
    containerFs: new LocalContainerFsEngine(rt),
    lifecycle: new LocalLifecycleEngine(rt),
    images: new LocalImageEngine(rt),
    imageStore: new LocalImageStoreEngine(rt),
    archives: new LocalImageArchiveEngine(rt),
    system: new LocalSystemEngine(rt),
    registries: new LocalRegistryEngine(rt),
    trust: new LocalTrustEngine(rt),
    events: new LocalEventsEngine(rt),
    health: new LocalHealthEngine(rt),
    networks: new LocalNetworkEngine(rt),
  };
}
