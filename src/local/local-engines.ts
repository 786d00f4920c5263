/**
 * Builds the local engine set (the composition root's local half). Each engine's module, and the
 * Runtime they share, load on first use: `images` never evaluates the container or registry code.
 */
import type { Engines } from "../domain/engines.ts";
import { resolveEngineSettings, type GlobalSettingsInput } from "../config/engine-settings.ts";
import type { Runtime } from "../engine/runtime.ts";
import { lazyEngine } from "./lazy-engine.ts";

export function createLocalEngines(globals: GlobalSettingsInput, argv: string[]): Engines {
  let runtime: Promise<Runtime> | undefined;
  const rt = () => (runtime ??= import("../engine/runtime.ts").then((m) => new m.Runtime(resolveEngineSettings(globals))));
  return {
    containers: lazyEngine(async () => new (await import("./local-container-engine.ts")).LocalContainerEngine(await rt(), argv)),
    containerExec: lazyEngine(async () => new (await import("./local-container-exec-engine.ts")).LocalContainerExecEngine(await rt())),
    containerFs: lazyEngine(async () => new (await import("./local-container-fs-engine.ts")).LocalContainerFsEngine(await rt())),
    lifecycle: lazyEngine(async () => new (await import("./local-lifecycle-engine.ts")).LocalLifecycleEngine(await rt())),
    images: lazyEngine(async () => new (await import("./local-image-engine.ts")).LocalImageEngine(await rt())),
    imageStore: lazyEngine(async () => new (await import("./local-image-store-engine.ts")).LocalImageStoreEngine(await rt())),
    archives: lazyEngine(async () => new (await import("./local-image-archive-engine.ts")).LocalImageArchiveEngine(await rt())),
    system: lazyEngine(async () => new (await import("./local-system-engine.ts")).LocalSystemEngine(await rt())),
    registries: lazyEngine(async () => new (await import("./local-registry-engine.ts")).LocalRegistryEngine(await rt())),
    trust: lazyEngine(async () => new (await import("./local-trust-engine.ts")).LocalTrustEngine(await rt())),
    events: lazyEngine(async () => new (await import("./local-events-engine.ts")).LocalEventsEngine(await rt())),
    streams: lazyEngine(async () => new (await import("./local-container-stream-engine.ts")).LocalContainerStreamEngine(await rt())),
    health: lazyEngine(async () => new (await import("./local-health-engine.ts")).LocalHealthEngine(await rt())),
    networks: lazyEngine(async () => new (await import("./local-network-engine.ts")).LocalNetworkEngine(await rt())),
    builds: lazyEngine(async () => new (await import("./local-build-engine.ts")).LocalBuildEngine(await rt())),
    volumes: lazyEngine(async () => new (await import("./local-volume-engine.ts")).LocalVolumeEngine(await rt())),
    secrets: lazyEngine(async () => new (await import("./local-secret-engine.ts")).LocalSecretEngine(await rt())),
    pods: lazyEngine(async () => new (await import("./local-pod-engine.ts")).LocalPodEngine(await rt(), argv)),
  };
}
