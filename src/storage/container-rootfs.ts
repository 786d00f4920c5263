/**
 * A container's root filesystem: an overlay of the image's layer dirs (read-only lowers) with
 * the container's own upper and work dirs, mounted at `merged`. Mounts outlive the tspod
 * process; `container cleanup` and `rm` unmount.
 */
import fs from "node:fs";
import path from "node:path";
import { mount, umount2, MNT_DETACH, LibcError, EINVAL, ENOENT } from "../util/libc.ts";

/** The kernel takes one page of mount options. */
const MAX_MOUNT_DATA = 4000;

export class ContainerRootfs {
  constructor(private readonly root: string) {}

  dir(id: string): string {
    return path.join(this.root, "containers", id);
  }

  mountPoint(id: string): string {
    return path.join(this.dir(id), "merged");
  }

  /** Creates the container's storage dirs (idempotent). */
  prepare(id: string): void {
    const dir = this.dir(id);
    for (const sub of ["upper", "work", "merged"]) fs.mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o755 });
  }

  isMounted(id: string): boolean {
    const target = this.mountPoint(id);
    try {
      return fs.statSync(target).dev !== fs.statSync(path.dirname(target)).dev;
    } catch {
      return false;
    }
  }

  /** Mounts the overlay; `lowerDirs` are ordered top layer first. Returns the mount point. */
  mount(id: string, lowerDirs: string[]): string {
    this.prepare(id);
    const target = this.mountPoint(id);
    if (this.isMounted(id)) return target;
    const dir = this.dir(id);
    if (lowerDirs.length === 0) {
      // An image without layers (scratch): overlay needs a lower dir, give it an empty one.
      const empty = path.join(dir, "empty");
      fs.mkdirSync(empty, { recursive: true });
      lowerDirs = [empty];
    }
    const data = `lowerdir=${lowerDirs.join(":")},upperdir=${path.join(dir, "upper")},workdir=${path.join(dir, "work")}`;
    if (data.length > MAX_MOUNT_DATA) {
      throw new Error(`too many image layers for one overlay mount (${lowerDirs.length})`);
    }
    mount("overlay", target, "overlay", 0, data);
    return target;
  }

  unmount(id: string): void {
    const target = this.mountPoint(id);
    for (let i = 0; i < 10 && this.isMounted(id); i++) {
      try {
        umount2(target, MNT_DETACH);
      } catch (err) {
        if (err instanceof LibcError && (err.errno === EINVAL || err.errno === ENOENT)) return;
        throw err;
      }
    }
  }

  /** Unmounts and deletes the container's storage. */
  remove(id: string): void {
    this.unmount(id);
    fs.rmSync(this.dir(id), { recursive: true, force: true });
  }
}
