/** PodEngine over the local engine (Podman's abi for pods). */
import type { PodAction, PodActionOptions, PodCloneOptions, PodCreateOptions, PodEngine, PodReport, PodTargets } from "../domain/pod-engine.ts";
import type { PodInspect, PodListEntry } from "../define/pod-types.ts";
import { exactError, isErrorCode } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import { mustGetPod, mustLookupPod, podContainers } from "../engine/pod/pod-members.ts";
import { killPod, pausePod, restartPod, startPod, stopPod } from "../engine/pod/pod-lifecycle.ts";
import { removePod } from "../engine/pod/pod-remove.ts";
import { podInspect, podListEntry } from "../engine/pod/pod-view.ts";
import { podFilter } from "../engine/pod/pod-filters.ts";
import { signalNumber } from "../util/signal-number.ts";
import { createPod } from "./pod-create.ts";
import { cloneOptions } from "./pod-clone.ts";
import { cloneMembers } from "./pod-clone-members.ts";

export class LocalPodEngine implements PodEngine {
  constructor(
    private readonly rt: Runtime,
    private readonly createCommand: string[],
  ) {}

  async create(opts: PodCreateOptions): Promise<{ id: string }> {
    return { id: (await createPod(this.rt, opts, this.createCommand)).id };
  }

  private targets(t: PodTargets): string[] {
    return t.all ? this.rt.pods.list().sort((a, b) => a.created.localeCompare(b.created)).map((p) => p.id) : t.nameOrIds;
  }

  /** Runs `fn` on each target pod in turn; missing pods are reported (or skipped with ignore). */
  private async each(t: PodTargets, fn: (id: string) => Promise<void>): Promise<PodReport[]> {
    const reports: PodReport[] = [];
    for (const requested of this.targets(t)) {
      try {
        const id = mustLookupPod(this.rt, requested);
        await fn(id);
        reports.push({ id, requested });
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_pod")) continue;
        reports.push({ id: "", requested, error: err as Error });
      }
    }
    return reports;
  }

  async act(action: PodAction, t: PodTargets, opts: PodActionOptions = {}): Promise<PodReport[]> {
    if (action === "kill") {
      try {
        signalNumber(opts.signal ?? "KILL");
      } catch {
        throw exactError("invalid_argument", `invalid signal: ${opts.signal}`);
      }
    }
    return this.each(t, (id) => {
      switch (action) {
        case "start":
          return startPod(this.rt, id);
        case "stop":
          return stopPod(this.rt, id, opts.timeout);
        case "restart":
          return restartPod(this.rt, id, opts.timeout);
        case "kill":
          return killPod(this.rt, id, opts.signal ?? "KILL");
        case "pause":
          return pausePod(this.rt, id, true);
        case "unpause":
          return pausePod(this.rt, id, false);
      }
    });
  }

  async remove(t: PodTargets, opts: { force: boolean; timeout?: number }): Promise<PodReport[]> {
    return this.each(t, (id) => removePod(this.rt, id, opts));
  }

  async list(opts: { filters: string[] }): Promise<PodListEntry[]> {
    const summaries = this.rt.state.listContainerSummaries();
    const entries = this.rt.pods
      .list()
      .sort((a, b) => a.created.localeCompare(b.created))
      .map((p) => ({ pod: p, members: podContainers(this.rt, p.id, summaries) }));
    const match = podFilter(opts.filters);
    return entries.filter((e) => match(e.pod, e.members)).map((e) => podListEntry(e.pod, e.members));
  }

  async inspect(nameOrId: string): Promise<PodInspect> {
    const pod = mustGetPod(this.rt, mustLookupPod(this.rt, nameOrId));
    return podInspect(pod, podContainers(this.rt, pod.id));
  }

  async exists(nameOrId: string): Promise<boolean> {
    try {
      return this.rt.pods.lookupId(nameOrId) !== undefined;
    } catch {
      return false;
    }
  }

  async prune(): Promise<PodReport[]> {
    const reports: PodReport[] = [];
    for (const pod of this.rt.pods.list()) {
      const members = podContainers(this.rt, pod.id);
      if (members.some((r) => r.state.status === "running" || r.state.status === "paused" || r.state.status === "created")) continue;
      try {
        await removePod(this.rt, pod.id, { force: false });
        reports.push({ id: pod.id, requested: pod.id });
      } catch (err) {
        if (!isErrorCode(err, "no_such_pod")) reports.push({ id: pod.id, requested: pod.id, error: err as Error });
      }
    }
    return reports;
  }

  async containerIds(nameOrId: string, opts: { running?: boolean } = {}): Promise<string[]> {
    const pod = mustGetPod(this.rt, mustLookupPod(this.rt, nameOrId));
    let members = podContainers(this.rt, pod.id);
    if (opts.running) members = members.filter((r) => r.state.status === "running");
    const infra = members.filter((r) => r.config.id === pod.infraId);
    return [...infra, ...members.filter((r) => r.config.id !== pod.infraId)].map((r) => r.config.id);
  }

  async clone(nameOrId: string, opts: PodCloneOptions): Promise<{ id: string }> {
    const source = mustGetPod(this.rt, mustLookupPod(this.rt, nameOrId));
    if (opts.destroy) {
      const running = podContainers(this.rt, source.id).some((r) => r.state.status === "running" || r.state.status === "paused");
      if (running) throw exactError("ctr_state_invalid", `pod ${source.id} is running; stop it before cloning it with --destroy`);
    }
    const base = cloneOptions(source, opts.name);
    // labels given to clone are added to the source's; other flags replace its settings
    const labels = [...base.labels, ...(opts.overrides?.labels ?? [])];
    const created = await createPod(this.rt, { ...base, ...(opts.overrides ?? {}), labels }, this.createCommand);
    try {
      await cloneMembers(this.rt, source, created);
    } catch (err) {
      await removePod(this.rt, created.id, { force: true }).catch(() => undefined);
      throw err;
    }
    if (opts.destroy) await removePod(this.rt, source.id, { force: true });
    if (opts.start) await startPod(this.rt, created.id);
    return { id: created.id };
  }
}
