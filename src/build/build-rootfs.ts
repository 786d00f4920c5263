/**
 * A build step's working root filesystem: an overlay of the parent image's layers with a fresh
 * upper dir under `<root>/build/<random>`. After the step the overlay is unmounted and the
 * upper dir holds exactly the step's changes (the new layer). Always released by the caller.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ImageStore } from "../image/image-store.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { mount, umount2, MNT_DETACH, LibcError, EINVAL, ENOENT } from "../util/libc.ts";

export class StepRootfs {
  readonly dir: string;
  readonly upper: string;
  readonly merged: string;
  private mounted = false;

  private constructor(dir: string) {
    this.dir = dir;
    this.upper = path.join(dir, "upper");
    this.merged = path.join(dir, "merged");
  }

  /** Mounts the layers of `image` (none for scratch) with an empty upper dir. */
  static open(storeRoot: string, images: ImageStore, image: ImageRecord | undefined): StepRootfs {
    const base = path.join(storeRoot, "build");
    fs.mkdirSync(base, { recursive: true, mode: 0o700 });
    const r = new StepRootfs(path.join(base, `${process.pid}-${randomBytes(6).toString("hex")}`));
    for (const sub of ["upper", "work", "merged", "empty"]) fs.mkdirSync(path.join(r.dir, sub), { recursive: true, mode: 0o755 });
    let lowers = image ? images.layerPaths(image) : [];
    if (lowers.length === 0) lowers = [path.join(r.dir, "empty")];
    try {
      mount("overlay", r.merged, "overlay", 0, `lowerdir=${lowers.join(":")},upperdir=${r.upper},workdir=${path.join(r.dir, "work")}`);
      r.mounted = true;
    } catch (err) {
      fs.rmSync(r.dir, { recursive: true, force: true });
      throw err;
    }
    return r;
  }

  unmount(): void {
    if (!this.mounted) return;
    try {
      umount2(this.merged, MNT_DETACH);
    } catch (err) {
      if (!(err instanceof LibcError) || (err.errno !== EINVAL && err.errno !== ENOENT)) throw err;
    }
    this.mounted = false;
  }

  /** Unmounts and deletes everything left (the upper dir too, unless it was taken). */
  release(): void {
    this.unmount();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes step dirs that killed builds left behind (`<root>/build/<pid>-…` of dead processes). */
export function sweepStaleStepDirs(storeRoot: string, alive: (pid: number) => boolean): void {
  const base = path.join(storeRoot, "build");
  let names: string[] = [];
  try {
    names = fs.readdirSync(base);
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(n.split("-")[0]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    const merged = path.join(base, n, "merged");
    try {
      umount2(merged, MNT_DETACH);
    } catch {
      /* not mounted */
    }
    fs.rmSync(path.join(base, n), { recursive: true, force: true });
  }
}
