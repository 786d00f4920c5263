/**
 * Unpacked layers, keyed by diff_id: `<root>/layers/<hex>/diff` is the overlay lowerdir.
 * A layer is unpacked at most once: a per-layer file lock serialises concurrent unpackers, the
 * content goes into a temp dir inside `<root>/layers/`, the uncompressed stream's sha256 must equal
 * the diff_id, and only then is the temp dir renamed into place. Failures leave nothing behind.
 */
import { processAlive } from "../util/process-alive.ts";
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { digestHex, Sha256 } from "../util/digest.ts";
import { lockFile } from "../util/file-lock.ts";
import { flock, LOCK_EX, LOCK_NB, LOCK_UN } from "../util/libc.ts";
import { TarExtractor, type ExtractOptions } from "./tar-extract.ts";

export interface LayerInfo {
  diffId: string;
  /** Uncompressed tar size in bytes. */
  size: number;
  /** Digest of the blob it was unpacked from, when known. */
  compressedDigest?: string;
}

export interface UnpackResult extends LayerInfo {
  /** False when the layer already existed (another pull, or another process, unpacked it). */
  created: boolean;
}

export interface UnpackOptions {
  signal?: AbortSignal;
  compressedDigest?: string;
  /** Awaited before the unpacked layer is renamed into place; a rejection discards it. */
  beforeCommit?: () => Promise<unknown>;
}

/** Whether process `pid` is alive (a temp entry of a dead process can be removed). */

export class LayerStore {
  readonly dir: string;

  constructor(
    root: string,
    private readonly extractOptions: Omit<ExtractOptions, "signal"> = {},
  ) {
    this.dir = path.join(root, "layers");
  }

  private layerDir(diffId: string): string {
    return path.join(this.dir, digestHex(diffId));
  }

  /** The directory to use as an overlay lowerdir for this layer. */
  layerDiffPath(diffId: string): string {
    return path.join(this.layerDir(diffId), "diff");
  }

  has(diffId: string): boolean {
    return fs.existsSync(path.join(this.layerDir(diffId), "layer.json"));
  }

  info(diffId: string): LayerInfo | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.layerDir(diffId), "layer.json"), "utf8")) as LayerInfo;
    } catch {
      return undefined;
    }
  }

  // decompress.ts (node:zlib, node:stream) loads only when a layer is unpacked: listing images
  // and running containers never pay for it.
  /** Unpacks `blobFile` (gzip/zstd/plain tar) as layer `diffId` unless it is already present. */
  async unpack(blobFile: string, diffId: string, opts: UnpackOptions = {}): Promise<UnpackResult> {
    const { openDecompressed } = await import("./decompress.ts");
    return this.unpackFrom(() => openDecompressed(blobFile, opts.signal), diffId, opts);
  }

  /**
   * Unpacks a compressed layer while it arrives (e.g. from the registry). `beforeCommit` is
   * awaited after the content matched the diff_id and before the layer becomes visible (the
   * caller's check of the compressed digest). The caller drains or cancels the source.
   */
  async unpackStream(source: AsyncIterable<Uint8Array>, diffId: string, opts: UnpackOptions = {}): Promise<UnpackResult> {
    const { decompressStream } = await import("./decompress.ts");
    return this.unpackFrom(() => decompressStream(source, opts.signal), diffId, opts);
  }

  private async unpackFrom(open: () => AsyncIterable<Uint8Array>, diffId: string, opts: UnpackOptions): Promise<UnpackResult> {
    const hex = digestHex(diffId);
    const existing = this.info(diffId);
    if (existing) return { ...existing, created: false };
    fs.mkdirSync(path.join(this.dir, ".locks"), { recursive: true });
    const release = await lockFile(path.join(this.dir, ".locks", `${hex}.lock`), opts.signal);
    try {
      const again = this.info(diffId);
      if (again) return { ...again, created: false };
      const tmp = fs.mkdtempSync(path.join(this.dir, `.tmp-${process.pid}-${hex.slice(0, 12)}-`));
      try {
        const diff = path.join(tmp, "diff");
        fs.mkdirSync(diff, { mode: 0o755 });
        const hash = new Sha256();
        let size = 0;
        async function* hashed(src: AsyncIterable<Uint8Array>) {
          for await (const c of src) {
            hash.update(c);
            size += c.length;
            yield c;
          }
        }
        await new TarExtractor(diff, this.extractOptions).extract(hashed(open()), opts.signal);
        const actual = hash.digest();
        if (actual !== diffId) {
          throw new TspodError("digest_mismatch", `layer content digest ${actual} does not match the image's diff_id ${diffId}`);
        }
        await opts.beforeCommit?.();
        const info: LayerInfo = { diffId, size, ...(opts.compressedDigest ? { compressedDigest: opts.compressedDigest } : {}) };
        fs.writeFileSync(path.join(tmp, "layer.json"), JSON.stringify(info));
        try {
          fs.renameSync(tmp, this.layerDir(diffId));
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
          fs.rmSync(tmp, { recursive: true, force: true });
          return { ...(this.info(diffId) ?? info), created: false };
        }
        return { ...info, created: true };
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw err;
      }
    } finally {
      release();
    }
  }

  /**
   * Takes an already unpacked diff directory (a build step's overlay upper dir, whose tar is
   * `info.diffId`) into the store by renaming it; false when the layer existed (dir left alone).
   */
  async adopt(diffDir: string, info: LayerInfo): Promise<boolean> {
    if (this.has(info.diffId)) return false;
    const hex = digestHex(info.diffId);
    fs.mkdirSync(path.join(this.dir, ".locks"), { recursive: true });
    const release = await lockFile(path.join(this.dir, ".locks", `${hex}.lock`));
    try {
      if (this.has(info.diffId)) return false;
      const tmp = fs.mkdtempSync(path.join(this.dir, `.tmp-${process.pid}-${hex.slice(0, 12)}-`));
      fs.renameSync(diffDir, path.join(tmp, "diff"));
      fs.writeFileSync(path.join(tmp, "layer.json"), JSON.stringify(info));
      fs.renameSync(tmp, this.layerDir(info.diffId));
      return true;
    } finally {
      release();
    }
  }

  /**
   * Moves a layer out of the store into a trash dir (returned, for `purgeTrash`), unless another
   * process holds its lock (it is unpacking it: in use). Synchronous, so it can run inside the
   * image database's write transaction. The caller checks no image uses the layer.
   */
  detach(diffId: string): string | undefined {
    const hex = digestHex(diffId);
    const dir = this.layerDir(diffId);
    if (!fs.existsSync(dir)) return undefined;
    fs.mkdirSync(path.join(this.dir, ".locks"), { recursive: true });
    const fd = fs.openSync(path.join(this.dir, ".locks", `${hex}.lock`), fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    try {
      try {
        flock(fd, LOCK_EX | LOCK_NB);
      } catch {
        return undefined;
      }
      const trash = fs.mkdtempSync(path.join(this.dir, ".rm-"));
      fs.renameSync(dir, path.join(trash, "l"));
      flock(fd, LOCK_UN);
      return trash;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Deletes trash dirs left by `detach` (also ones a crashed process left behind). */
  purgeTrash(dirs?: string[]): void {
    const list = dirs ?? (fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((n) => n.startsWith(".rm-")).map((n) => path.join(this.dir, n)) : []);
    for (const d of list) fs.rmSync(d, { recursive: true, force: true });
  }

  /** Removes unpack temp dirs left by killed processes (`.tmp-<pid>-…`). */
  sweepStale(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      const m = /^\.(?:tmp|rm)-(\d+)-/.exec(n);
      if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) fs.rmSync(path.join(this.dir, n), { recursive: true, force: true });
    }
  }

  /** Removes a layer directory (the caller checks no image uses it). */
  remove(diffId: string): void {
    const dir = this.layerDir(diffId);
    if (!fs.existsSync(dir)) return;
    const trash = fs.mkdtempSync(path.join(this.dir, `.rm-${process.pid}-`));
    fs.renameSync(dir, path.join(trash, "l"));
    fs.rmSync(trash, { recursive: true, force: true });
  }
}
