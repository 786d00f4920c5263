/**
 * Opens a layer blob as an uncompressed byte stream. The compression is sniffed from magic bytes
 * (gzip, zstd, or none), never trusted from the media type.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { Readable, type Transform } from "node:stream";
import { TspodError } from "../errors/tspod-error.ts";

export type Compression = "gzip" | "zstd" | "none";

export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) throw new TspodError("unsafe_content", "bzip2-compressed layers are not supported");
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) throw new TspodError("unsafe_content", "xz-compressed layers are not supported");
  return "none";
}

/**
 * Decompresses a stream of compressed chunks (a layer as it arrives from the registry); the
 * compression is sniffed from the first bytes.
 */
export async function* decompressStream(source: AsyncIterable<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < 4) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    have += r.value.length;
  }
  const first = Buffer.concat(head);
  const kind = sniffCompression(first);
  const sourceErrors = new WeakSet<object>();
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (first.length) yield first;
    if (done) return;
    for (;;) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await it.next();
      } catch (err) {
        if (err && typeof err === "object") sourceErrors.add(err);
        throw err;
      }
      if (r.done) return;
      yield r.value;
    }
  }
  const input = Readable.from(rest(), { objectMode: false });
  let stream: Readable = input;
  let decoder: Transform | undefined;
  if (kind === "gzip") decoder = zlib.createGunzip({ chunkSize: 256 * 1024 });
  else if (kind === "zstd") decoder = (zlib as unknown as { createZstdDecompress(): Transform }).createZstdDecompress();
  if (decoder) {
    input.on("error", (e) => decoder!.destroy(e));
    stream = input.pipe(decoder);
  }
  const onAbort = () => stream.destroy(new TspodError("aborted", "layer decompression"));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (err) {
    // errors of the source (the download) are not the compressed data's fault
    if (err instanceof TspodError || (err && typeof err === "object" && sourceErrors.has(err))) throw err;
    throw new TspodError("unsafe_content", `decompressing layer (${kind}): ${(err as Error).message}`, err);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    input.destroy();
    decoder?.destroy();
    await it.return?.();
  }
}

/** The decompressed content of `file`, as chunks. Errors in the compressed data surface as TspodError. */
export function openDecompressed(file: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  return decompressStream(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), signal);
}
