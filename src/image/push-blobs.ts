/**
 * The layer blobs a push sends: the stored compressed blob as is when its compression is wanted,
 * else a recompressed copy (gzip or zstd) made from the stored blob's uncompressed stream — so the
 * diff_id stays exactly the same — or, when no blob is kept, from a tar of the unpacked diff (the
 * caller then rewrites the config's diff_id). New blobs go into the blob store for later pushes.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import type { Transform } from "node:stream";
import { Readable } from "node:stream";
import { TspodError } from "../errors/tspod-error.ts";
import { openDecompressed, sniffCompression, type Compression } from "../storage/decompress.ts";
import type { ImageStore } from "./image-store.ts";
import { diffDirTar } from "./push-layer-tar.ts";

export type PushCompression = "gzip" | "zstd";

export interface LayerBlob {
  digest: string;
  size: number;
  compression: Compression;
  /** The uncompressed digest (the config's diff_id for this layer). */
  diffId: string;
}

function blobCompression(store: ImageStore, digest: string): Compression {
  const fd = fs.openSync(store.blobs.path(digest), "r");
  try {
    const head = new Uint8Array(8);
    return sniffCompression(head.subarray(0, fs.readSync(fd, head, 0, 8, 0)));
  } finally {
    fs.closeSync(fd);
  }
}

/** Finds or makes the blob for layer `diffId`; `sourceDigest` is the blob the image was pulled with. */
export async function layerBlob(
  store: ImageStore,
  diffId: string,
  sourceDigest: string | undefined,
  want: PushCompression | undefined,
  signal?: AbortSignal,
): Promise<LayerBlob> {
  const known = sourceDigest ?? store.layers.info(diffId)?.compressedDigest;
  if (known && store.blobs.has(known)) {
    const compression = blobCompression(store, known);
    // An uncompressed blob (e.g. a layer written by build) is gzipped for the registry, as Podman does.
    if ((!want && compression !== "none") || compression === want) return { digest: known, size: store.blobs.size(known), compression, diffId };
    return compressInto(store, openDecompressed(store.blobs.path(known), signal), want ?? "gzip", diffId, signal);
  }
  if (!store.layers.has(diffId)) throw new TspodError("no_such_object", `layer ${diffId} is missing from the layer store`);
  return compressInto(store, diffDirTar(store.layers.layerDiffPath(diffId)), want ?? "gzip", undefined, signal);
}

/** Compresses `tar` into a temp file while hashing both sides, then commits it to the blob store. */
async function compressInto(
  store: ImageStore,
  tar: AsyncIterable<Uint8Array>,
  kind: PushCompression,
  expectDiffId: string | undefined,
  signal?: AbortSignal,
): Promise<LayerBlob> {
  const tmpDir = path.join(store.root, "blobs", "tmp");
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `push-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const rawHash = createHash("sha256");
  const zHash = createHash("sha256");
  let size = 0;
  async function* hashed() {
    for await (const c of tar) {
      signal?.throwIfAborted();
      rawHash.update(c);
      yield c;
    }
  }
  const encoder: Transform =
    kind === "gzip"
      ? zlib.createGzip({ level: 6 })
      : (zlib as unknown as { createZstdCompress(o?: object): Transform }).createZstdCompress();
  const fd = fs.openSync(tmp, "wx", 0o644);
  try {
    const input = Readable.from(hashed());
    input.on("error", (e) => encoder.destroy(e));
    for await (const chunk of input.pipe(encoder)) {
      const b = chunk as Uint8Array;
      zHash.update(b);
      size += b.length;
      let off = 0;
      while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off);
    }
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    const diffId = "sha256:" + rawHash.digest("hex");
    if (expectDiffId && diffId !== expectDiffId) {
      throw new TspodError("digest_mismatch", `recompressing layer ${expectDiffId}: its content has digest ${diffId}`);
    }
    const digest = "sha256:" + zHash.digest("hex");
    fs.mkdirSync(store.blobs.dir, { recursive: true });
    if (!store.blobs.has(digest)) fs.renameSync(tmp, store.blobs.path(digest));
    return { digest, size, compression: kind, diffId };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
