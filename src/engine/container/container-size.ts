/**
 * `ps --size` and `inspect --size`: bytes of the container's writable (upper) layer and of the
 * image below it, counted like Podman: apparent sizes of every non-directory entry.
 */
import fs from "node:fs";
import path from "node:path";

/** Sum of the sizes of files, symlinks and other non-directories under `dir` (0 if missing). */
export function treeSize(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else {
        try {
          total += fs.lstatSync(p).size;
        } catch {
          // removed while counting
        }
      }
    }
  }
  return total;
}

/** Caches image sizes per image id for one listing (many containers share an image). */
export class SizeCounter {
  private readonly images = new Map<string, number>();

  rootFsSize(imageId: string, layerDirs: () => string[]): number {
    let size = this.images.get(imageId);
    if (size === undefined) {
      size = layerDirs().reduce((sum, d) => sum + treeSize(d), 0);
      this.images.set(imageId, size);
    }
    return size;
  }
}
