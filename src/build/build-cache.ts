/**
 * The layer cache (`--layers`): a step's key — its parent image, the instruction with its
 * resolved arguments and, for COPY/ADD, the content of its sources — maps to the image the step
 * produced. Entries are files `<root>/build-cache/<sha256 of key>` holding the image id; an
 * entry whose image was removed is ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import type { ImageStore } from "../image/image-store.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";

export class BuildCache {
  private readonly dir: string;

  constructor(
    storeRoot: string,
    private readonly images: ImageStore,
    /** Mixed into every key (e.g. `--timestamp`, which changes every step's result). */
    private readonly salt: unknown = null,
  ) {
    this.dir = path.join(storeRoot, "build-cache");
  }

  key(parts: unknown[]): string {
    return createHash("sha256").update(JSON.stringify([this.salt, ...parts])).digest("hex");
  }

  lookup(key: string): ImageRecord | undefined {
    let id: string;
    try {
      id = fs.readFileSync(path.join(this.dir, key), "utf8").trim();
    } catch {
      return undefined;
    }
    return this.images.get(id);
  }

  store(key: string, imageId: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    atomicWriteFile(path.join(this.dir, key), imageId);
  }
}
