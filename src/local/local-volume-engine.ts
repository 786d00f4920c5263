/** VolumeEngine over the local engine (Podman's abi for volumes). */
import fs from "node:fs";
import type { VolumeCreateOptions, VolumeEngine, VolumeRemoveReport } from "../domain/volume-engine.ts";
import type { VolumeInspect } from "../define/volume-types.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { VolumeRecord } from "../engine/volume/volume-record.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { createVolume, removeVolume, volumeLockKey } from "../engine/volume/volume-ops.ts";
import { noSuchVolume } from "../engine/volume/volume-db.ts";
import { volumeFilter } from "../engine/volume/volume-filters.ts";
import { isHostMounted, mountVolumeOnHost, unmountVolumeOnHost } from "../engine/volume/volume-host-mount.ts";
import { removeContainer } from "../engine/container/container-lifecycle.ts";
import { tarPath } from "../storage/dir-tar.ts";
import { extractTar } from "../storage/tar-extract.ts";

function keyValues(entries: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq === 0) throw exactError("invalid_argument", `invalid ${what} ${JSON.stringify(e)}`);
    if (eq < 0) out[e] = "";
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

export function volumeInspect(v: VolumeRecord): VolumeInspect {
  return {
    Name: v.name,
    Driver: v.driver,
    Mountpoint: v.mountpoint,
    CreatedAt: v.createdAt,
    Labels: v.labels,
    Scope: "local",
    Options: v.options,
    MountCount: v.mountCount,
    NeedsCopyUp: v.needsCopyUp,
    NeedsChown: v.needsChown,
    ...(v.anonymous ? { Anonymous: true } : {}),
  };
}

export class LocalVolumeEngine implements VolumeEngine {
  constructor(private readonly rt: Runtime) {}

  private must(nameOrPrefix: string): VolumeRecord {
    const v = this.rt.volumes.lookup(nameOrPrefix);
    if (!v) throw noSuchVolume(nameOrPrefix);
    return v;
  }

  private usedNames(): Set<string> {
    const used = new Set<string>();
    for (const c of this.rt.state.listContainerSummaries()) for (const m of c.config.mounts ?? []) if (m.type === "volume" && m.name) used.add(m.name);
    return used;
  }

  async create(opts: VolumeCreateOptions): Promise<string> {
    const rec = await createVolume(this.rt, {
      name: opts.name,
      driver: opts.driver,
      options: keyValues(opts.options, "option"),
      labels: keyValues(opts.labels, "label"),
      ignore: opts.ignore,
    });
    return rec.name;
  }

  async list(filters: string[]): Promise<VolumeInspect[]> {
    const pred = volumeFilter(filters);
    const used = filters.some((f) => f.startsWith("dangling=")) ? this.usedNames() : new Set<string>();
    return this.rt.volumes
      .list()
      .filter((v) => pred(v, used.has(v.name)))
      .map(volumeInspect);
  }

  async inspect(nameOrPrefix: string): Promise<VolumeInspect> {
    const v = this.rt.volumes.lookup(nameOrPrefix);
    if (!v) throw exactError("no_such_volume", `inspecting object: no such volume ${nameOrPrefix}`);
    return volumeInspect(v);
  }

  async remove(names: string[], opts: { all: boolean; force: boolean; timeout?: number }): Promise<VolumeRemoveReport[]> {
    const targets = opts.all ? this.rt.volumes.list().map((v) => v.name) : names;
    const reports: VolumeRemoveReport[] = [];
    for (const name of targets) {
      try {
        const removed = await removeVolume(this.rt, name, {
          force: opts.force,
          removeContainer: async (id) => {
            try {
              await removeContainer(this.rt, id, { force: true, timeout: opts.timeout });
            } catch (err) {
              if (!(err instanceof TspodError && err.code === "no_such_container")) throw err;
            }
          },
        });
        reports.push({ name: removed });
      } catch (err) {
        if (opts.force && err instanceof TspodError && err.code === "no_such_volume") continue;
        if (opts.all && err instanceof TspodError && err.code === "no_such_volume") continue;
        reports.push({ name, error: err as Error });
      }
    }
    return reports;
  }

  async prune(filters: string[]): Promise<string[]> {
    const pred = volumeFilter(filters, true);
    const used = this.usedNames();
    const removed: string[] = [];
    for (const v of this.rt.volumes.list()) {
      if (used.has(v.name) || !pred(v, false)) continue;
      try {
        removed.push(await removeVolume(this.rt, v.name, { exact: true }));
      } catch (err) {
        // in use by a container created meanwhile, or removed by another process: skip it
        if (!(err instanceof TspodError && (err.code === "volume_in_use" || err.code === "no_such_volume"))) throw err;
      }
    }
    return removed;
  }

  async exists(name: string): Promise<boolean> {
    return this.rt.volumes.get(name) !== undefined;
  }

  async export(name: string, write: (chunk: Uint8Array) => void): Promise<void> {
    const v = this.must(name);
    if (isHostMounted(v) && v.mountCount === 0) {
      throw new TspodError("invalid_argument", `volume ${v.name} is not mounted: mount it (tspod volume mount) before exporting`);
    }
    for await (const chunk of tarPath(v.mountpoint)) write(chunk);
  }

  async import(name: string, source: AsyncIterable<Uint8Array>): Promise<void> {
    const v = this.must(name);
    if (isHostMounted(v) && v.mountCount === 0) {
      throw new TspodError("invalid_argument", `volume ${v.name} is not mounted: mount it (tspod volume mount) before importing`);
    }
    await this.rt.locks.withLock(volumeLockKey(v.name), async () => {
      if (!fs.existsSync(v.mountpoint)) throw noSuchVolume(v.name);
      await extractTar(source, v.mountpoint);
      const rec = this.rt.volumes.get(v.name);
      if (rec && rec.needsCopyUp) {
        // Imported data is the volume's content: no copy-up over it later.
        rec.needsCopyUp = false;
        this.rt.volumes.save(rec);
      }
    });
  }

  async mount(names: string[]): Promise<VolumeRemoveReport[]> {
    const out: VolumeRemoveReport[] = [];
    for (const name of names) {
      try {
        const v = this.must(name);
        await this.rt.locks.withLock(volumeLockKey(v.name), async () => {
          const rec = this.rt.volumes.get(v.name);
          if (!rec) throw noSuchVolume(v.name);
          await mountVolumeOnHost(this.rt, rec);
        });
        out.push({ name: v.mountpoint });
      } catch (err) {
        out.push({ name, error: err as Error });
      }
    }
    return out;
  }

  async unmount(names: string[]): Promise<VolumeRemoveReport[]> {
    const out: VolumeRemoveReport[] = [];
    for (const name of names) {
      try {
        const v = this.must(name);
        await this.rt.locks.withLock(volumeLockKey(v.name), () => unmountVolumeOnHost(this.rt, v));
        out.push({ name: v.name });
      } catch (err) {
        out.push({ name, error: err as Error });
      }
    }
    return out;
  }
}

