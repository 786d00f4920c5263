/** HealthEngine over the local engine. */
import type { HealthEngine, HealthStatus } from "../domain/health-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { runHealthcheck } from "../engine/container/container-health.ts";
import { healthTimerLoop } from "../engine/container/container-health-timer.ts";

export class LocalHealthEngine implements HealthEngine {
  constructor(private readonly rt: Runtime) {}

  run(nameOrId: string): Promise<{ passed: boolean; status: HealthStatus }> {
    const id = this.rt.state.lookupContainerId(nameOrId);
    if (!id) {
      const message = `unable to look up ${nameOrId} to perform a health check: no container with name or ID "${nameOrId}" found`;
      throw new TspodError("no_such_container", message);
    }
    return runHealthcheck(this.rt, id);
  }

  async timer(nameOrId: string, signal?: AbortSignal): Promise<void> {
    const id = this.rt.state.lookupContainerId(nameOrId);
    if (id) await healthTimerLoop(this.rt, id, signal);
  }
}
