/**
 * `mount`/`unmount` and temporary mounts for cp/diff/export/commit of stopped containers.
 * User mounts are counted in `<container dir>/mountcount`; the overlay stays mounted while the
 * count is above zero or the container runs.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { isActive, mustGet, syncExit } from "./container-sync.ts";

function countFile(rt: Runtime, id: string): string {
  return path.join(rt.rootfs.dir(id), "mountcount");
}

export function mountCount(rt: Runtime, id: string): number {
  try {
    return Number(fs.readFileSync(countFile(rt, id), "utf8").trim()) || 0;
  } catch {
    return 0;
  }
}

function setCount(rt: Runtime, id: string, n: number): void {
  if (n <= 0) fs.rmSync(countFile(rt, id), { force: true });
  else fs.writeFileSync(countFile(rt, id), String(n));
}

function lowerDirs(rt: Runtime, rec: ContainerRecord): string[] {
  const image = rt.images.lookup(rec.config.imageId);
  if (!image) throw new TspodError("no_such_image", `container ${rec.config.id}: image ${rec.config.imageId} is gone`);
  return rt.images.layerPaths(image);
}

export function imageLowerDirs(rt: Runtime, rec: ContainerRecord): string[] {
  return lowerDirs(rt, rec);
}

/** `tspod mount`: mounts (or keeps) the rootfs and counts the user's reference. */
export async function userMount(rt: Runtime, id: string): Promise<string> {
  return rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    const target = rt.rootfs.mount(id, lowerDirs(rt, rec));
    setCount(rt, id, mountCount(rt, id) + 1);
    return target;
  });
}

/** `tspod unmount`: drops one reference (all with force); unmounts when unused and not running. */
export async function userUnmount(rt: Runtime, id: string, force: boolean): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    syncExit(rt, rec);
    const n = force ? 0 : Math.max(0, mountCount(rt, id) - 1);
    setCount(rt, id, n);
    if (n === 0 && !isActive(rec)) rt.rootfs.unmount(id);
  });
}

/**
 * Runs `fn` with the container's rootfs mounted, holding a reference meanwhile (a running
 * container's exit cleanup must not unmount it under a `cp` or `export`); unmounts afterwards if
 * nothing else needs it.
 */
export async function withRootfs<T>(rt: Runtime, id: string, fn: (root: string, rec: ContainerRecord) => Promise<T> | T): Promise<T> {
  const rec = mustGet(rt, id);
  const root = await rt.locks.withLock(id, () => {
    const target = rt.rootfs.mount(id, lowerDirs(rt, rec));
    setCount(rt, id, mountCount(rt, id) + 1);
    return target;
  });
  try {
    return await fn(root, rec);
  } finally {
    await rt.locks.withLock(id, () => {
      const left = Math.max(0, mountCount(rt, id) - 1);
      setCount(rt, id, left);
      const now = rt.state.getContainer(id);
      if (now) syncExit(rt, now);
      if (left === 0 && (!now || !isActive(now))) rt.rootfs.unmount(id);
    });
  }
}
