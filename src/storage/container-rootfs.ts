/**
 * A container's root filesystem, by storage driver (recorded per container in `<dir>/driver`):
 * - overlay: the image's layer dirs (read-only lowers) with the container's own upper and work
 *   dirs, mounted at `merged`. Mounts outlive the tspod process; `container cleanup` and `rm`
 *   unmount.
 * - vfs: `merged` is a plain directory holding a copy of the layers (flattened once, at the
 *   first mount); nothing to unmount, `rm` deletes it.
 * With no driver configured, overlay is tried first and a mount failing with EINVAL, ENODEV or
 * EPERM switches that container — and, through `<root>/storage-driver`, the store — to vfs.
 */
import fs from "node:fs";
import path from "node:path";
import { mount, umount2, MNT_DETACH, LibcError, EINVAL, ENOENT, ENODEV, EPERM } from "../util/libc.ts";
import type { StorageDriverName } from "../config/storage-conf.ts";
import { flattenLayers } from "./vfs-copy.ts";

/** The kernel takes one page of mount options. */
const MAX_MOUNT_DATA = 4000;
const VFS_DONE = "vfs-populated";

export interface RootfsOptions {
  /** The configured driver; undefined: overlay with automatic vfs fallback. */
  driver?: StorageDriverName;
  debug?: (message: string) => void;
}

export class ContainerRootfs {
  constructor(
    private readonly root: string,
    private readonly opts: RootfsOptions = {},
  ) {}

  dir(id: string): string {
    return path.join(this.root, "containers", id);
  }

  mountPoint(id: string): string {
    return path.join(this.dir(id), "merged");
  }

  /** The driver new containers get: the configured one, else the store's recorded fallback, else overlay. */
  defaultDriver(): StorageDriverName {
    if (this.opts.driver) return this.opts.driver;
    return readDriverFile(path.join(this.root, "storage-driver")) ?? "overlay";
  }

  /** The container's driver (containers created before drivers were recorded are overlay). */
  driverOf(id: string): StorageDriverName {
    return readDriverFile(path.join(this.dir(id), "driver")) ?? "overlay";
  }

  /**
   * Creates the container's storage dirs and, when it creates them, records the driver
   * (idempotent). Only vfs is recorded: no file means overlay, one file less per `create`.
   */
  prepare(id: string): void {
    const dir = this.dir(id);
    const created = fs.mkdirSync(dir, { recursive: true, mode: 0o755 }) !== undefined;
    const driver = created ? this.defaultDriver() : "overlay";
    if (driver !== "overlay") fs.writeFileSync(path.join(dir, "driver"), driver + "\n");
    const subs = this.driverOf(id) === "vfs" ? ["merged"] : ["upper", "work", "merged"];
    for (const sub of subs) fs.mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o755 });
  }

  /** overlay: the overlay is mounted; vfs: the layers have been copied into `merged`. */
  isMounted(id: string): boolean {
    if (this.driverOf(id) === "vfs") return fs.existsSync(path.join(this.dir(id), VFS_DONE));
    const target = this.mountPoint(id);
    try {
      return fs.statSync(target).dev !== fs.statSync(path.dirname(target)).dev;
    } catch {
      return false;
    }
  }

  /** Makes the rootfs ready; `lowerDirs` are ordered top layer first. Returns the mount point. */
  mount(id: string, lowerDirs: string[]): string {
    this.prepare(id);
    if (this.isMounted(id)) return this.mountPoint(id);
    if (this.driverOf(id) === "vfs") return this.populateVfs(id, lowerDirs);
    try {
      return this.mountOverlay(id, lowerDirs);
    } catch (err) {
      if (this.opts.driver || !(err instanceof LibcError) || ![EINVAL, ENODEV, EPERM].includes(err.errno)) throw err;
      this.opts.debug?.(`overlay mount for container ${id} failed (${err.message}): falling back to the vfs storage driver`);
      this.switchToVfs(id);
      return this.populateVfs(id, lowerDirs);
    }
  }

  private mountOverlay(id: string, lowerDirs: string[]): string {
    const target = this.mountPoint(id);
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

  private switchToVfs(id: string): void {
    const dir = this.dir(id);
    fs.writeFileSync(path.join(dir, "driver"), "vfs\n");
    fs.rmSync(path.join(dir, "upper"), { recursive: true, force: true });
    fs.rmSync(path.join(dir, "work"), { recursive: true, force: true });
    const storeFile = path.join(this.root, "storage-driver");
    if (!fs.existsSync(storeFile)) fs.writeFileSync(storeFile, "vfs\n");
  }

  /** Copies the layers into `merged` once; an interrupted copy is redone from scratch. */
  private populateVfs(id: string, lowerDirs: string[]): string {
    const target = this.mountPoint(id);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { mode: 0o755 });
    flattenLayers([...lowerDirs].reverse(), target);
    fs.writeFileSync(path.join(this.dir(id), VFS_DONE), "");
    return target;
  }

  unmount(id: string): void {
    if (this.driverOf(id) === "vfs") return;
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

function readDriverFile(file: string): StorageDriverName | undefined {
  try {
    const v = fs.readFileSync(file, "utf8").trim();
    return v === "vfs" || v === "overlay" ? v : undefined;
  } catch {
    return undefined;
  }
}
