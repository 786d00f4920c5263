/**
 * Volumes made with `-o type=…,device=…,o=…` are filesystems mounted on the volume's `_data`
 * while something uses them (`volume mount`, or a container between init and cleanup), as
 * Podman's local driver does. The caller holds the volume's lock; mountCount is saved by it.
 */
import fs from "node:fs";
import path from "node:path";
import { execChecked } from "../../util/exec.ts";
import { EINVAL, LibcError, umount2 } from "../../util/libc.ts";
import type { Runtime } from "../runtime.ts";
import type { VolumeRecord } from "./volume-record.ts";

/** Whether the volume is a filesystem of its own (mounted on use) rather than a plain directory. */
export function isHostMounted(rec: VolumeRecord): boolean {
  return rec.options.type !== undefined || rec.options.device !== undefined;
}

function mountArgv(rec: VolumeRecord): string[] {
  const argv = ["mount"];
  const o = rec.options.o ?? "";
  const bind = o.split(",").includes("bind");
  if (rec.options.type && !bind) argv.push("-t", rec.options.type);
  const extra = [o, rec.options.size ? `size=${rec.options.size}` : "", rec.options.inodes ? `nr_inodes=${rec.options.inodes}` : ""].filter(Boolean).join(",");
  if (extra) argv.push("-o", extra);
  argv.push(rec.options.device ?? "none", rec.mountpoint);
  return argv;
}

/** Whether `dir` is a mount point (its device differs from its parent's). */
export function isMountPoint(dir: string): boolean {
  try {
    return fs.statSync(dir).dev !== fs.statSync(path.dirname(dir)).dev;
  } catch {
    return false;
  }
}

/** Mounts the volume's filesystem on first use (or when a reboot took it); counts users. */
export async function mountVolumeOnHost(rt: Runtime, rec: VolumeRecord): Promise<void> {
  if (!isHostMounted(rec)) return;
  if (rec.mountCount === 0 || !isMountPoint(rec.mountpoint)) {
    rt.log.debug(`mounting volume ${rec.name}: ${mountArgv(rec).join(" ")}`);
    await execChecked(mountArgv(rec));
  }
  rec.mountCount = rt.volumes.changeMountCount(rec.name, 1);
}

/**
 * Drops one user (all with `all`) and unmounts when none is left. Synchronous (it runs where
 * a container's resources are released): the count changes in one database transaction.
 */
export function unmountVolumeOnHost(rt: Runtime, rec: VolumeRecord, all = false): void {
  if (!isHostMounted(rec)) return;
  const left = rt.volumes.changeMountCount(rec.name, all ? -Infinity : -1);
  rec.mountCount = left;
  if (left === 0) {
    try {
      umount2(rec.mountpoint, 0);
    } catch (err) {
      if (!(err instanceof LibcError && err.errno === EINVAL)) rt.log.warn(`unmounting volume ${rec.name}: ${(err as Error).message}`);
    }
  }
}
