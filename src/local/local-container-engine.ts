/** ContainerEngine over the local engine (Podman's abi for containers). */
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
import type { ContainerInspect, ContainerListEntry } from "../define/container-types.ts";
import { TspodError, isErrorCode } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import { createContainer } from "../engine/container/container-create.ts";
import { cleanupContainer, killContainer, removeContainer, startContainer, waitContainer } from "../engine/container/container-lifecycle.ts";
import { isActive, mustGet, mustLookup, syncExit } from "../engine/container/container-sync.ts";
import { listEntry, inspectView } from "../engine/container/container-view.ts";
import { containerFilePaths } from "../engine/container/container-files.ts";
import { readContainerLog } from "../engine/container/container-logs.ts";
import { StateDb } from "../engine/state/state-db.ts";
import { readHealth } from "../engine/container/container-health.ts";
import { buildContainerConfig } from "./container-options.ts";
import { ensureImage } from "./image-pull.ts";
import path from "node:path";

/** How many containers `rm` works on at once. */
const REMOVE_PARALLELISM = 8;

export class LocalContainerEngine implements ContainerEngine {
  constructor(
    private readonly rt: Runtime,
    private readonly createCommand: string[],
  ) {}

  async create(opts: ContainerCreateOptions, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; warnings: string[] }> {
    const image = await ensureImage(this.rt, opts.image, { policy: opts.pull, tlsVerify: opts.tlsVerify, certDir: opts.certDir }, progress, signal);
    this.rt.log.debug(`using image ${image.id}`);
    for (let attempt = 1; ; attempt++) {
      const config = buildContainerConfig(this.rt, opts, image, this.createCommand);
      try {
        createContainer(this.rt, config);
        return { id: config.id, warnings: [] };
      } catch (err) {
        // A generated name can collide with an existing container's: pick another (as Podman does).
        if (opts.name !== undefined || attempt >= 10 || !isErrorCode(err, "name_in_use")) throw err;
      }
    }
  }

  async run(opts: ContainerCreateOptions, io: AttachStreams, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; exitCode?: number }> {
    const { id } = await this.create(opts, progress, signal);
    if (opts.detach) {
      await startContainer(this.rt, id);
      return { id };
    }
    let session;
    try {
      session = await startContainer(this.rt, id, io);
    } catch (err) {
      if (opts.remove) await this.removeQuietly(id);
      throw err;
    }
    io.onStarted?.(id);
    await session?.done;
    this.rt.log.debug(`attach stream of ${id} ended`);
    const exitCode = await waitContainer(this.rt, id, signal);
    this.rt.log.debug(`container ${id} exited with ${exitCode}`);
    if (opts.remove) await this.removeQuietly(id, true);
    return { id, exitCode };
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
    let records = this.rt.state.listContainerSummaries();
    for (const r of records) syncExit(this.rt, r);
    records.sort((a, b) => b.config.created.localeCompare(a.config.created));
    if (!opts.all && opts.last === undefined) records = records.filter((r) => r.state.status === "running" || r.state.status === "paused");
    if (opts.last !== undefined && opts.last >= 0) records = records.slice(0, opts.last);
    return records.map((r) => listEntry(r, r.config.healthcheck && r.state.status === "running" ? readHealth(this.rt, r.config.id)?.Status || undefined : undefined));
  }

  async inspect(nameOrIds: string[]): Promise<ContainerInspect[]> {
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
        resolvConf: files.resolvConf,
        hostname: files.hostname,
        conmonPidFile: path.join(bundle, "conmon.pid"),
        pidFile: path.join(bundle, "pidfile"),
        upperDir: path.join(dir, "upper"),
        workDir: path.join(dir, "work"),
        lowerDirs: image ? this.rt.images.layerPaths(image) : [],
      });
    });
  }

  async remove(nameOrIds: string[], opts: ContainerRemoveOptions): Promise<ContainerRemoveReport[]> {
    const targets = opts.all ? this.rt.state.listContainerIds() : nameOrIds;
    // Like Podman, containers are removed in parallel (each under its own lock); reports keep the order.
    const results: (ContainerRemoveReport | undefined)[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < targets.length; i = next++) {
        const requested = targets[i]!;
        try {
          const id = mustLookup(this.rt, requested);
          await removeContainer(this.rt, id, { force: opts.force });
          results[i] = { id, requested };
        } catch (err) {
          if (opts.ignore && isErrorCode(err, "no_such_container")) continue;
          results[i] = { id: "", requested, error: err as Error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REMOVE_PARALLELISM, targets.length) }, worker));
    return results.filter((r): r is ContainerRemoveReport => r !== undefined);
  }

  async logs(nameOrIds: string[], opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    if (nameOrIds.length === 0) throw new TspodError("invalid_argument", "no containers given");
    const ids = nameOrIds.map((n) => mustLookup(this.rt, n));
    await Promise.all(
      ids.map((id) => {
        const rec = mustGet(this.rt, id);
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
