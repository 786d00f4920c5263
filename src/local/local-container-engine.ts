/** ContainerEngine over the local engine (Podman's abi for containers). */
import { runStartError } from "./run-start-error.ts";
import type {
  AttachStreams,
  ContainerCreateOptions,
  ContainerEngine,
  ContainerListOptions,
  ContainerRemoveOptions,
  ContainerRemoveReport,
  LogLine,
  LogOptions,
} from "../domain/container-engine.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { ContainerInspect, ContainerListEntry, ContainerSize } from "../define/container-types.ts";
import type { ContainerRecord } from "../engine/container/container-record.ts";
import { containerFilter } from "../engine/container/container-filters.ts";
import { SizeCounter, treeSize } from "../engine/container/container-size.ts";
import { namespaceIds } from "../engine/container/container-ns-ids.ts";
import { exactError, TspodError, isErrorCode } from "../errors/tspod-error.ts";
import { writeCidFile } from "./create-host-files.ts";
import type { Runtime } from "../engine/runtime.ts";
import { createContainer } from "../engine/container/container-create.ts";
import { cleanupContainer, killContainer, removeContainer, startContainer, waitContainer } from "../engine/container/container-lifecycle.ts";
import { isActive, mustGet, mustLookup, syncExit } from "../engine/container/container-sync.ts";
import { listEntry, inspectView } from "../engine/container/container-view.ts";
import { containerFilePaths } from "../engine/container/container-files.ts";
import { execSessionIds } from "../engine/container/container-exec.ts";
import { readContainerLog } from "../engine/container/container-logs.ts";
import { StateDb } from "../engine/state/state-db.ts";
import { readHealth } from "../engine/container/container-health.ts";
import { buildContainerConfig } from "./container-options.ts";
import { ensureImage } from "./ensure-image.ts";
import path from "node:path";
import { checkRestartWithRemove, parseRestartPolicy } from "./restart-policy.ts";
import { attachToContainer } from "./container-attach.ts";
import { createMaybeInPod } from "./pod-create.ts";
import { fillPodNames, resolvePodFilters } from "./pod-ps-hooks.ts";
import { removeContainerOrPod } from "./pod-container-remove.ts";
import { ensureContainerVolumes, removeContainerVolumes } from "../engine/volume/container-volumes.ts";
import { compareStrings } from "../util/compare-strings.ts";

/** How many containers `rm` works on at once. */
const REMOVE_PARALLELISM = 8;

export class LocalContainerEngine implements ContainerEngine {
  constructor(
    private readonly rt: Runtime,
    private readonly createCommand: string[],
  ) {}

  async create(opts: ContainerCreateOptions, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; warnings: string[] }> {
    checkRestartWithRemove(parseRestartPolicy(opts.restart), opts.remove);
    const image = await ensureImage(this.rt, opts.image, { policy: opts.pull, tlsVerify: opts.tlsVerify, certDir: opts.certDir }, progress, signal);
    this.rt.log.debug(`using image ${image.id}`);
    if (opts.createFlags?.replace && opts.name) {
      const existing = this.rt.state.lookupContainerId(opts.name);
      if (existing && this.rt.state.getContainer(existing)?.config.name === opts.name) await this.removeQuietly(existing);
    }
    // A pod member (`--pod`) is created under the pod's lock with the pod's shared namespaces.
    const config = await createMaybeInPod(this.rt, opts, this.createCommand, (o, tag) => {
      for (let attempt = 1; ; attempt++) {
        const c = buildContainerConfig(this.rt, o, image, this.createCommand);
        tag(c);
        try {
          createContainer(this.rt, c);
          return c;
        } catch (err) {
          // A generated name can collide with an existing container's: pick another (as Podman does).
          if (opts.name !== undefined || attempt >= 10 || !isErrorCode(err, "name_in_use")) throw err;
        }
      }
    });
    try {
      await ensureContainerVolumes(this.rt, config);
    } catch (err) {
      await this.removeQuietly(config.id);
      await removeContainerVolumes(this.rt, config);
      throw err;
    }
    if (opts.createFlags?.cidfile) {
      try {
        writeCidFile(opts.createFlags.cidfile, config.id);
      } catch (err) {
        await this.removeQuietly(config.id);
        throw err;
      }
    }
    return { id: config.id, warnings: [] };
  }

  async run(opts: ContainerCreateOptions, io: AttachStreams, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; exitCode?: number }> {
    const { id } = await this.create(opts, progress, signal);
    // passthrough: conmon hands the container this process's stdio; there is no attach socket
    const passthrough = (opts.createFlags?.logDriver ?? this.rt.settings.conf.containers.logDriver) === "passthrough";
    if (passthrough && !opts.detach) {
      await this.startForRun(id, opts.remove);
      io.onStarted?.(id);
      const exitCode = await waitContainer(this.rt, id, signal);
      if (opts.remove) await this.removeQuietly(id, true);
      return { id, exitCode };
    }
    if (opts.detach) {
      await this.startForRun(id, opts.remove);
      return { id };
    }
    let result;
    try {
      result = await attachToContainer(this.rt, id, io, { start: true, stdin: opts.interactive, detachKeys: io.detachKeys }, signal);
    } catch (err) {
      if (opts.remove) await this.removeQuietly(id);
      throw runStartError(err);
    }
    if (result.detached) return { id };
    if (opts.remove) await this.removeQuietly(id, true);
    return { id, exitCode: result.exitCode };
  }

  /** `run`'s start: a failure exits 126/127 like Podman, and `--rm` removes the container that never ran. */
  private async startForRun(id: string, remove: boolean | undefined): Promise<void> {
    try {
      await startContainer(this.rt, id);
    } catch (err) {
      if (remove) await this.removeQuietly(id);
      throw runStartError(err);
    }
  }

  private async removeQuietly(id: string, exited = false): Promise<void> {
    try {
      await removeContainer(this.rt, id, { force: true, runtimeDeleteByCleanup: exited });
    } catch (err) {
      if (!isErrorCode(err, "no_such_container")) throw err;
    }
  }

  async start(nameOrIds: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const n of nameOrIds) {
      const id = mustLookup(this.rt, n);
      await startContainer(this.rt, id);
      ids.push(n);
    }
    return ids;
  }

  async kill(nameOrId: string, signal: string): Promise<void> {
    await killContainer(this.rt, mustLookup(this.rt, nameOrId), signal);
  }

  async list(opts: ContainerListOptions): Promise<ContainerListEntry[]> {
    const stored = this.rt.state.listContainerSummaries();
    const match = opts.filters?.length
      ? containerFilter(resolvePodFilters(this.rt, opts.filters) ?? [], (n) => {
          const id = this.rt.state.lookupContainerId(n);
          const rec = id && stored.find((r) => r.config.id === id);
          if (!rec) throw new TspodError("no_such_container", `no container with name or ID "${n}" found`);
          return rec;
        }, (r) => (r.config.healthcheck ? readHealth(this.rt, r.config.id)?.Status || undefined : undefined))
      : undefined;
    for (const r of stored) syncExit(this.rt, r);
    // Podman lists oldest first; -n/-l pick the newest ones (in any state).
    let records = stored.sort((a, b) => compareStrings(a.config.created, b.config.created));
    const last = opts.last !== undefined && opts.last >= 0 ? opts.last : undefined;
    // Podman: -n implies all states, and so does a status filter.
    const all = opts.all || last !== undefined || opts.filters?.some((f) => f.startsWith("status="));
    if (!all) records = records.filter((r) => r.state.status === "running" || r.state.status === "paused");
    if (match) records = records.filter(match);
    if (last !== undefined) records = records.slice(Math.max(0, records.length - last));
    const now = Date.now();
    const sizes = opts.size ? new SizeCounter() : undefined;
    const entries = records.map((r) => {
      const health = r.config.healthcheck && r.state.status === "running" ? readHealth(this.rt, r.config.id)?.Status || undefined : undefined;
      const entry = listEntry(r, now, sizes && this.sizeOf(r, sizes), health);
      if (opts.namespaces) entry.Namespaces = namespaceIds(entry.Pid);
      return entry;
    });
    fillPodNames(this.rt, entries);
    return entries;
  }

  private sizeOf(rec: ContainerRecord, counter: SizeCounter): ContainerSize {
    const rwSize = treeSize(path.join(this.rt.rootfs.dir(rec.config.id), "upper"));
    const rootFsSize = counter.rootFsSize(rec.config.imageId, () => {
      const image = this.rt.images.lookup(rec.config.imageId);
      return image ? this.rt.images.layerPaths(image) : [];
    });
    return { rootFsSize, rwSize };
  }

  async inspect(nameOrIds: string[], opts: { size?: boolean } = {}): Promise<ContainerInspect[]> {
    return nameOrIds.map((n) => {
      const rec = mustGet(this.rt, mustLookup(this.rt, n));
      syncExit(this.rt, rec);
      const id = rec.config.id;
      const bundle = this.rt.bundleDir(id);
      const files = containerFilePaths(bundle);
      const image = this.rt.images.lookup(rec.config.imageId);
      const dir = this.rt.rootfs.dir(id);
      return inspectView(rec, {
        health: rec.config.healthcheck ? readHealth(this.rt, id) : undefined,
        bundle,
        hosts: files.hosts,
        resolvConf: rec.config.net?.useImageResolvConf ? "" : files.resolvConf,
        hostname: files.hostname,
        conmonPidFile: path.join(bundle, "conmon.pid"),
        pidFile: path.join(bundle, "pidfile"),
        upperDir: path.join(dir, "upper"),
        workDir: path.join(dir, "work"),
        lowerDirs: image ? this.rt.images.layerPaths(image) : [],
        driver: this.rt.rootfs.driverOf(id),
        execIds: rec.state.status === "running" ? execSessionIds(this.rt, id) : [],
        imageDigest: image?.manifestDigest ?? "",
        size: opts.size ? this.sizeOf(rec, new SizeCounter()) : undefined,
        defaultNetwork: this.rt.settings.conf.network.defaultNetwork,
      });
    });
  }

  async remove(nameOrIds: string[], opts: ContainerRemoveOptions): Promise<ContainerRemoveReport[]> {
    let targets = opts.all ? this.rt.state.listContainerIds() : nameOrIds;
    // Containers that join others' namespaces go before them (with --depend or -a they are included).
    const order = removalOrder(this.rt, targets, opts.depend === true || opts.all);
    const sequential = order !== undefined;
    if (order) targets = order;
    // Like Podman, containers are removed in parallel (each under its own lock); reports keep the order.
    const results: (ContainerRemoveReport | undefined)[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < targets.length; i = next++) {
        const requested = targets[i]!;
        try {
          const id = mustLookup(this.rt, requested);
          await removeContainerOrPod(this.rt, id, { force: opts.force, timeout: opts.timeout, volumes: opts.volumes }, opts.all || opts.depend === true);
          results[i] = { id, requested };
        } catch (err) {
          if (opts.ignore && isErrorCode(err, "no_such_container")) continue;
          results[i] = { id: "", requested, error: err as Error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(sequential ? 1 : REMOVE_PARALLELISM, targets.length) }, worker));
    return results.filter((r): r is ContainerRemoveReport => r !== undefined);
  }

  async logs(nameOrIds: string[], opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    if (nameOrIds.length === 0) throw new TspodError("invalid_argument", "no containers given");
    const ids = nameOrIds.map((n) => mustLookup(this.rt, n));
    await Promise.all(
      ids.map((id) => {
        const rec = mustGet(this.rt, id);
        if (rec.config.logDriver === "none" || rec.config.logDriver === "passthrough") {
          throw exactError("invalid_argument", `this container is using the '${rec.config.logDriver}' log driver, cannot read logs: this container is not logging output`);
        }
        const running = () => {
          const now = this.rt.state.getContainer(id);
          if (!now) return false;
          syncExit(this.rt, now);
          return isActive(now);
        };
        return readContainerLog(rec.config, opts, running, onLine, signal);
      }),
    );
  }

  async cleanup(nameOrId: string): Promise<void> {
    // conmon may run this after the whole store was deleted: never recreate it.
    if (!StateDb.exists(this.rt.settings.root)) return;
    // conmon passes the full id; a container already removed may still have runtime state to free.
    const id = this.rt.state.lookupContainerId(nameOrId) ?? (/^[0-9a-f]{64}$/.test(nameOrId) ? nameOrId : undefined);
    if (id) await cleanupContainer(this.rt, id);
  }

  async wait(nameOrIds: string[]): Promise<number[]> {
    const codes: number[] = [];
    for (const n of nameOrIds) codes.push(await waitContainer(this.rt, mustLookup(this.rt, n)));
    return codes;
  }
}

/**
 * The removal order for `rm` when the store has namespace dependencies (else undefined: any order,
 * in parallel): every container after the ones that depend on it. Unknown names stay as given
 * (their removal reports the error). With `withDependents`, dependents not named are added.
 */
function removalOrder(rt: Runtime, requested: string[], withDependents: boolean): string[] | undefined {
  const dependents = new Map<string, string[]>();
  for (const p of rt.state.dependencyPairs()) dependents.set(p.dependsOn, [...(dependents.get(p.dependsOn) ?? []), p.id]);
  if (dependents.size === 0) return undefined;
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (nameOrId: string, explicit: boolean) => {
    const id = rt.state.lookupContainerId(nameOrId);
    const key = id ?? nameOrId;
    if (seen.has(key)) return;
    seen.add(key);
    if (id && withDependents) for (const d of dependents.get(id) ?? []) visit(d, false);
    out.push(explicit ? nameOrId : key);
  };
  for (const n of requested) visit(n, true);
  return out;
}
