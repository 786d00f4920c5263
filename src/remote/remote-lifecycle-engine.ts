/** ContainerLifecycleEngine over the libpod API: stop, kill, restart, pause, unpause, exists, start targets, wait conditions. */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { ContainerLifecycleEngine, ContainerTargets, LifecycleReport } from "../domain/container-lifecycle-engine.ts";
import { isErrorCode } from "../errors/tspod-error.ts";
import type { RemoteContainerEngine } from "./remote-container-engine.ts";

const enc = encodeURIComponent;

export class RemoteLifecycleEngine implements Partial<ContainerLifecycleEngine> {
  constructor(
    private readonly api: ApiClient,
    private readonly containers: RemoteContainerEngine,
  ) {}

  private async resolve(t: ContainerTargets, running?: boolean): Promise<{ id: string; requested: string }[]> {
    if (!t.all && t.nameOrIds.length > 0) return t.nameOrIds.map((n) => ({ id: n, requested: n }));
    const filters = [...(t.filters ?? []), ...(running ? ["status=running"] : [])];
    return (await this.containers.list({ all: true, filters })).map((e) => ({ id: e.Id, requested: e.Id }));
  }

  private async each(t: ContainerTargets, act: (nameOrId: string) => Promise<unknown>, running?: boolean): Promise<LifecycleReport[]> {
    const reports: LifecycleReport[] = [];
    for (const x of await this.resolve(t, running)) {
      try {
        await act(x.id);
        reports.push(x);
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_container")) continue;
        reports.push({ ...x, error: err as Error });
      }
    }
    return reports;
  }

  stop(t: ContainerTargets, timeout?: number): Promise<LifecycleReport[]> {
    return this.each(t, (n) => this.api.call("POST", `/libpod/containers/${enc(n)}/stop`, { query: { timeout } }), true);
  }

  kill(t: ContainerTargets, signal: string): Promise<LifecycleReport[]> {
    return this.each(t, (n) => this.api.call("POST", `/libpod/containers/${enc(n)}/kill`, { query: { signal } }), true);
  }

  restart(t: ContainerTargets, timeout?: number, running?: boolean): Promise<LifecycleReport[]> {
    return this.each(t, (n) => this.api.call("POST", `/libpod/containers/${enc(n)}/restart`, { query: { t: timeout } }), running);
  }

  pause(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.each(t, (n) => this.api.call("POST", `/libpod/containers/${enc(n)}/pause`), true);
  }

  unpause(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.each(t, (n) => this.api.call("POST", `/libpod/containers/${enc(n)}/unpause`));
  }

  startTargets(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.resolve(t);
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    await this.api.call("POST", `/libpod/containers/${enc(nameOrId)}/rename`, { query: { name: newName } });
  }

  async exists(nameOrId: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/containers/${enc(nameOrId)}/exists`, { allowError: true });
    await res.text();
    return res.status === 204;
  }

  async waitCondition(nameOrIds: string[], conditions: string[], intervalMs: number): Promise<number[]> {
    const codes: number[] = [];
    for (const n of nameOrIds) {
      const res = await this.api.request("POST", `/libpod/containers/${enc(n)}/wait`, { query: { condition: conditions, interval: intervalMs === 250 ? undefined : intervalMs } });
      codes.push(Number((await res.text()).trim()));
    }
    return codes;
  }
}
