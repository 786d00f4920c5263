/**
 * `image mount` / `image unmount`: a read-only overlay of the image's layers at
 * `<root>/image-mounts/<id>/merged`, reference-counted in `<id>/count` under the image's mount
 * lock, so two mounts need two unmounts.
 */
import fs from "node:fs";
import path from "node:path";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { mount, umount2, MNT_DETACH, MS_RDONLY } from "../util/libc.ts";

function dirOf(rt: Runtime, id: string): string {
  return path.join(rt.settings.root, "image-mounts", id);
}

function readCount(dir: string): number {
  try {
    return Number(fs.readFileSync(path.join(dir, "count"), "utf8")) || 0;
  } catch {
    return 0;
  }
}

function isMounted(target: string): boolean {
  try {
    return fs.statSync(target).dev !== fs.statSync(path.dirname(target)).dev;
  } catch {
    return false;
  }
}

export function mountPath(rt: Runtime, id: string): string {
  return path.join(dirOf(rt, id), "merged");
}

export async function mountImage(rt: Runtime, img: ImageRecord): Promise<string> {
  const dir = dirOf(rt, img.id);
  fs.mkdirSync(path.join(dir, "merged"), { recursive: true });
  return rt.locks.withLock(`image-mount-${img.id}`, () => {
    const target = mountPath(rt, img.id);
    if (!isMounted(target)) {
      const lowers = rt.images.layerPaths(img);
      // a read-only overlay needs two lower dirs
      while (lowers.length < 2) {
        const empty = path.join(dir, `empty${lowers.length}`);
        fs.mkdirSync(empty, { recursive: true });
        lowers.push(empty);
      }
      mount("overlay", target, "overlay", MS_RDONLY, `lowerdir=${lowers.join(":")}`);
      fs.writeFileSync(path.join(dir, "count"), "0");
    }
    fs.writeFileSync(path.join(dir, "count"), String(readCount(dir) + 1));
    return target;
  });
}

/** Drops one reference (all with `force`); unmounts at zero. Returns whether it was mounted. */
export async function unmountImage(rt: Runtime, id: string, force = false): Promise<boolean> {
  const dir = dirOf(rt, id);
  if (!fs.existsSync(dir)) return false;
  return rt.locks.withLock(`image-mount-${id}`, () => {
    const target = mountPath(rt, id);
    if (!isMounted(target)) {
      fs.rmSync(dir, { recursive: true, force: true });
      return false;
    }
    const left = force ? 0 : readCount(dir) - 1;
    if (left > 0) {
      fs.writeFileSync(path.join(dir, "count"), String(left));
      return true;
    }
    umount2(target, MNT_DETACH);
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  });
}

export function mountedImageIds(rt: Runtime): string[] {
  const base = path.join(rt.settings.root, "image-mounts");
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base).filter((id) => isMounted(mountPath(rt, id)));
}

export function isImageMounted(rt: Runtime, id: string): boolean {
  return isMounted(mountPath(rt, id));
}

export async function unmountImageAll(rt: Runtime, img: ImageRecord): Promise<void> {
  await unmountImage(rt, img.id, true);
}
