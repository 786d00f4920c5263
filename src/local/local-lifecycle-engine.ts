/** ContainerLifecycleEngine over the local engine. */
import type { AttachStreams } from "../domain/container-engine.ts";
import type {
  AttachOptions,
  AttachResult,
  ContainerLifecycleEngine,
  ContainerTargets,
  ContainerUpdateOptions,
  LifecycleReport,
} from "../domain/container-lifecycle-engine.ts";
import { isErrorCode, TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ContainerRecord } from "../engine/container/container-record.ts";
import { mustLookup, syncExit } from "../engine/container/container-sync.ts";
import { initContainer } from "../engine/container/container-init.ts";
import { restartContainer } from "../engine/container/container-start.ts";
import { killContainer, stopContainer } from "../engine/container/container-stop.ts";
import { pauseContainer, unpauseContainer } from "../engine/container/container-pause.ts";
import { removeContainer } from "../engine/container/container-remove.ts";
import { waitCondition } from "../engine/container/container-wait.ts";
import { renameContainer, updateContainer } from "../engine/container/container-update.ts";
import { parseSize } from "../spec/spec-mounts.ts";
import { signalNumber } from "../util/signal-number.ts";
import { containerFilter } from "./container-target-filters.ts";
import { attachToContainer } from "./container-attach.ts";
import { parseRestartPolicy } from "./restart-policy.ts";
import { compareStrings } from "../util/compare-strings.ts";

const TARGET_FILTERS = ["id", "name", "label", "label!", "status", "until"];

export class LocalLifecycleEngine implements ContainerLifecycleEngine {
  constructor(private readonly rt: Runtime) {}

  private records(): ContainerRecord[] {
    const recs = this.rt.state.listContainers();
    for (const r of recs) syncExit(this.rt, r);
    return recs.sort((a, b) => compareStrings(b.config.created, a.config.created));
  }

  /**
   * Names → ids (all of them must exist unless `ignore`, as Podman checks before acting), or
   * every container matching the filters; `pick` narrows `--all` (e.g. only running ones).
   */
  private resolve(t: ContainerTargets, pick: (r: ContainerRecord) => boolean = () => true): { id: string; requested: string }[] {
    if (t.all || (t.filters && t.filters.length > 0 && t.nameOrIds.length === 0)) {
      const match = containerFilter(t.filters ?? [], TARGET_FILTERS);
      return this.records()
        .filter((r) => match(r) && (!t.all || pick(r)))
        .map((r) => ({ id: r.config.id, requested: r.config.id }));
    }
    const out: { id: string; requested: string }[] = [];
    for (const n of t.nameOrIds) {
      try {
        out.push({ id: mustLookup(this.rt, n), requested: n });
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_container")) continue;
        throw err;
      }
    }
    return out;
  }

  private async each(t: ContainerTargets, act: (id: string) => Promise<void>, pick?: (r: ContainerRecord) => boolean): Promise<LifecycleReport[]> {
    const targets = this.resolve(t, pick);
    const reports: LifecycleReport[] = [];
    for (const { id, requested } of targets) {
      try {
        await act(id);
        reports.push({ id, requested });
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_container")) continue;
        reports.push({ id, requested, error: err as Error });
      }
    }
    return reports;
  }

  stop(t: ContainerTargets, timeout?: number): Promise<LifecycleReport[]> {
    return this.each(t, (id) => stopContainer(this.rt, id, timeout), (r) => r.state.status === "running" || r.state.status === "paused");
  }

  async kill(t: ContainerTargets, signal: string): Promise<LifecycleReport[]> {
    // a bad signal fails before anything is signalled, worded as Podman does (no cause suffix)
    try {
      signalNumber(signal);
    } catch {
      const err = new TspodError("invalid_argument", `invalid signal: ${signal}`);
      Object.defineProperty(err, "message", { value: `invalid signal: ${signal}` });
      throw err;
    }
    return this.each(t, (id) => killContainer(this.rt, id, signal), (r) => r.state.status === "running" || r.state.status === "paused");
  }

  restart(t: ContainerTargets, timeout?: number, running?: boolean): Promise<LifecycleReport[]> {
    return this.each(t, (id) => restartContainer(this.rt, id, timeout), (r) => !running || r.state.status === "running");
  }

  pause(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.each(t, (id) => pauseContainer(this.rt, id), (r) => r.state.status === "running");
  }

  unpause(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.each(t, (id) => unpauseContainer(this.rt, id), (r) => r.state.status === "paused");
  }

  init(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.each(t, (id) => initContainer(this.rt, id), (r) => r.state.status === "configured" || r.state.status === "exited" || r.state.status === "stopped");
  }

  async startTargets(t: ContainerTargets): Promise<LifecycleReport[]> {
    return this.resolve(t, (r) => r.state.status !== "running");
  }

  startAttached(nameOrId: string, io: AttachStreams, opts: AttachOptions): Promise<AttachResult> {
    const id = mustLookup(this.rt, nameOrId);
    return attachToContainer(this.rt, id, io, { start: true, stdin: !opts.noStdin, detachKeys: opts.detachKeys });
  }

  attach(nameOrId: string, io: AttachStreams, opts: AttachOptions): Promise<AttachResult> {
    const id = mustLookup(this.rt, nameOrId);
    return attachToContainer(this.rt, id, io, { start: false, stdin: !opts.noStdin, detachKeys: opts.detachKeys });
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    await renameContainer(this.rt, mustLookup(this.rt, nameOrId), newName);
  }

  async exists(nameOrId: string): Promise<boolean> {
    try {
      return this.rt.state.lookupContainerId(nameOrId) !== undefined;
    } catch (err) {
      if (err instanceof TspodError) return false;
      throw err;
    }
  }

  async prune(filters: string[]): Promise<LifecycleReport[]> {
    const match = containerFilter(filters, ["label", "label!", "until"]);
    const reports: LifecycleReport[] = [];
    for (const r of this.records()) {
      // a pod's infra container goes only with its pod (`pod prune`)
      if (!(r.state.status === "exited" || r.state.status === "stopped" || r.state.status === "configured") || !match(r) || r.config.isInfra) continue;
      try {
        await removeContainer(this.rt, r.config.id, { force: false });
        reports.push({ id: r.config.id, requested: r.config.id });
      } catch (err) {
        // started or removed meanwhile by another tspod: not prunable any more
        if (!isErrorCode(err, "no_such_container") && !isErrorCode(err, "ctr_state_invalid")) reports.push({ id: r.config.id, requested: r.config.id, error: err as Error });
      }
    }
    return reports;
  }

  async update(nameOrId: string, o: ContainerUpdateOptions): Promise<string> {
    const id = mustLookup(this.rt, nameOrId);
    const period = o.cpuPeriod ?? (o.cpus !== undefined ? 100_000 : undefined);
    const quota = o.cpuQuota ?? (o.cpus !== undefined ? Math.round(o.cpus * 100_000) : undefined);
    const resources = Object.fromEntries(
      Object.entries({ cpuQuota: quota, cpuPeriod: period, cpuShares: o.cpuShares, memory: o.memory !== undefined ? parseSize(o.memory) : undefined, memorySwap: o.memorySwap === undefined ? undefined : o.memorySwap === "-1" ? -1 : parseSize(o.memorySwap), pidsLimit: o.pidsLimit }).filter(([, v]) => v !== undefined),
    );
    const restart = o.restart !== undefined ? parseRestartPolicy(o.restart) : undefined;
    await updateContainer(this.rt, id, { resources, restartPolicy: restart?.policy, restartRetries: restart?.retries });
    return id;
  }

  async waitCondition(nameOrIds: string[], conditions: string[], intervalMs: number): Promise<number[]> {
    const ids = nameOrIds.map((n) => mustLookup(this.rt, n));
    return Promise.all(ids.map((id) => waitCondition(this.rt, id, conditions, intervalMs)));
  }
}
