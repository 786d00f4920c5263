/** ContainerFsEngine over the local engine: diff, cp, mount/unmount, export, commit. */
import type { ContainerRecord } from "../engine/container/container-record.ts";
import path from "node:path";
import type { ChangeEntry, CommitOptions, ContainerFsEngine, CopyEndpoint, CopyIo, CopyOptions, MountReport, PathStat } from "../domain/container-fs-engine.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import { containerChanges } from "../engine/container/container-diff.ts";
import { copyPath, resolveSide, statInRoot, type CpSide } from "../engine/container/container-cp.ts";
import { imageLowerDirs, mountCount, userMount, userUnmount, withRootfs } from "../engine/container/container-mount.ts";
import { commitContainer } from "../engine/container/container-commit.ts";
import { mustGet, mustLookup, syncExit } from "../engine/container/container-sync.ts";
import { tarPath } from "../storage/dir-tar.ts";
import { containerIdsOf } from "../engine/container/container-idmap.ts";
import { extractTar } from "../storage/tar-extract.ts";
import { killContainer } from "../engine/container/container-lifecycle.ts";
import fs from "node:fs";

export class LocalContainerFsEngine implements ContainerFsEngine {
  constructor(private readonly rt: Runtime) {}

  async diff(nameOrId: string): Promise<ChangeEntry[]> {
    const rec = mustGet(this.rt, mustLookup(this.rt, nameOrId));
    if (this.rt.rootfs.driverOf(rec.config.id) === "vfs") {
      throw new TspodError("invalid_argument", `container ${rec.config.id} uses the vfs storage driver: diff is not supported for it`);
    }
    return containerChanges(path.join(this.rt.rootfs.dir(rec.config.id), "upper"), imageLowerDirs(this.rt, rec));
  }

  async copy(src: CopyEndpoint, dst: CopyEndpoint, opts: CopyOptions, io: CopyIo): Promise<void> {
    if (src.container === undefined && dst.container === undefined) {
      throw new TspodError("invalid_argument", "copying from host to host is not supported: one of the paths must be a container path (CONTAINER:PATH)");
    }
    const srcId = src.container !== undefined ? mustLookup(this.rt, src.container) : undefined;
    const dstId = dst.container !== undefined ? mustLookup(this.rt, dst.container) : undefined;
    const withSide = async <T>(id: string | undefined, name: string | undefined, p: string, fn: (side: CpSide) => Promise<T>): Promise<T> => {
      if (id === undefined) return fn({ where: "the host", path: p });
      return withRootfs(this.rt, id, (root, rec) => fn({ root: viewRoot(root, rec), where: `container ${name}`, path: p }));
    };
    // -a (the default): files copied into a container belong to its primary uid/gid; without it they keep the source's.
    const user = dstId !== undefined ? mustGet(this.rt, dstId).config.spec.process.user : undefined;
    const owner = opts.archive && user ? { uid: user.uid, gid: user.gid } : undefined;
    if (src.container === undefined && src.path === "-") {
      const input = io.stdinStream ?? (async function* () { yield await io.readStdin(); })();
      await withSide(dstId, dst.container, dst.path, async (side) => {
        const dir = resolveSide(side, dst.path, true);
        if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new TspodError("no_such_file", `"${dst.path}" could not be found on ${side.where}`);
        await extractTar(input, dir, { chown: !opts.archive });
      });
      return;
    }
    if (dst.container === undefined && dst.path === "-") {
      await withSide(srcId, src.container, src.path, async (side) => {
        const abs = resolveSide(side, src.path, src.path.endsWith("/"));
        if (!fs.lstatSync(abs, { throwIfNoEntry: false })) throw new TspodError("no_such_file", `"${src.path}" could not be found on ${side.where}`);
        const prefix = /(^|\/)\.$/.test(src.path) ? "" : path.posix.basename(src.path.replace(/\/+$/, "")) || ".";
        for await (const chunk of tarPath(abs, { prefix })) io.writeStdout(chunk);
      });
      return;
    }
    await withSide(srcId, src.container, src.path, (s) => withSide(dstId, dst.container, dst.path, async (d) => copyPath(s, d, { owner: d.root !== undefined ? owner : undefined })));
  }

  async mount(nameOrIds: string[]): Promise<MountReport[]> {
    const out: MountReport[] = [];
    for (const n of nameOrIds) {
      const id = mustLookup(this.rt, n);
      const p = await userMount(this.rt, id);
      out.push({ id, name: mustGet(this.rt, id).config.name, path: p });
    }
    return out;
  }

  async listMounted(): Promise<MountReport[]> {
    return this.rt.state
      .listContainers()
      .filter((r) => this.rt.rootfs.isMounted(r.config.id))
      .map((r) => ({ id: r.config.id, name: r.config.name, path: this.rt.rootfs.mountPoint(r.config.id) }));
  }

  async unmount(nameOrIds: string[], opts: { all: boolean; force: boolean }): Promise<string[]> {
    const ids = opts.all ? this.rt.state.listContainers().filter((r) => mountCount(this.rt, r.config.id) > 0 || this.rt.rootfs.isMounted(r.config.id)).map((r) => r.config.id) : nameOrIds.map((n) => mustLookup(this.rt, n));
    for (const id of ids) await userUnmount(this.rt, id, opts.force);
    return ids;
  }

  async statPath(nameOrId: string, p: string): Promise<PathStat> {
    const id = mustLookup(this.rt, nameOrId);
    const name = mustGet(this.rt, id).config.name;
    return withRootfs(this.rt, id, async (root, rec) => statInRoot({ root: viewRoot(root, rec), where: `container ${name}`, path: p }));
  }

  async exportTar(nameOrId: string, write: (data: Uint8Array) => void): Promise<void> {
    const id = mustLookup(this.rt, nameOrId);
    await withRootfs(this.rt, id, async (root, rec) => {
      for await (const chunk of tarPath(root, { mapIds: containerIdsOf(rec) })) write(chunk);
    });
  }

  async commit(nameOrId: string, opts: CommitOptions): Promise<{ id: string }> {
    const id = mustLookup(this.rt, nameOrId);
    const rec = mustGet(this.rt, id);
    syncExit(this.rt, rec);
    const pause = opts.pause && rec.state.status === "running";
    if (pause) await killContainer(this.rt, id, "STOP").catch(() => undefined);
    try {
      return { id: await commitContainer(this.rt, rec, opts) };
    } finally {
      if (pause) await killContainer(this.rt, id, "CONT").catch(() => undefined);
    }
  }
}

/**
 * Where `cp` reads and writes a container's files: a running container's root as its processes
 * see it (/proc/PID/root: its volumes, bind mounts, tmpfs and /etc/hosts included, as with
 * Podman), otherwise the mounted root file system.
 */
function viewRoot(root: string, rec: ContainerRecord): string {
  const pid = rec.state.pid;
  const live = (rec.state.status === "running" || rec.state.status === "paused") && pid > 0;
  return live && fs.existsSync(`/proc/${pid}/root/`) ? `/proc/${pid}/root` : root;
}
