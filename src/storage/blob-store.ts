/**
 * Content-addressed blobs under `<root>/blobs/sha256/<hex>`. Ingest writes to a temp file in the
 * same directory tree, hashes while writing, checks size and digest, fsyncs and renames into
 * place; a mismatch removes the temp file. Committing a digest someone else committed is a no-op.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { digestHex, Sha256 } from "../util/digest.ts";

export interface BlobExpectation {
  digest: string;
  /** Expected size in bytes; omitted or negative when unknown. */
  size?: number;
}

export interface IngestOptions {
  signal?: AbortSignal;
  /** Called with the running byte count as data arrives. */
  onProgress?: (bytes: number) => void;
}

export interface IngestThrough {
  chunks: AsyncIterable<Uint8Array>;
  finish(): Promise<string>;
  abort(): Promise<void>;
}

export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.dir = path.join(root, "blobs", "sha256");
    this.tmpDir = path.join(root, "blobs", "tmp");
  }

  path(digest: string): string {
    return path.join(this.dir, digestHex(digest));
  }

  has(digest: string): boolean {
    return fs.existsSync(this.path(digest));
  }

  size(digest: string): number {
    return fs.statSync(this.path(digest)).size;
  }

  readBytes(digest: string): Uint8Array {
    return new Uint8Array(this.read(digest));
  }

  /** A JSON blob (manifest, config) as text. */
  readText(digest: string): string {
    return this.read(digest).toString("utf8");
  }

  private read(digest: string): Buffer {
    try {
      return fs.readFileSync(this.path(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new TspodError("no_such_object", `blob ${digest} not found`, err);
      throw err;
    }
  }

  /** Stores in-memory content (e.g. a manifest or config) after verifying it. */
  async put(data: Uint8Array, expect: BlobExpectation): Promise<string> {
    return this.ingest((async function* () { yield data; })(), expect);
  }

  /** Streams `source` into the store, verifying size and digest. Returns the blob's path. */
  async ingest(source: ByteSource, expect: BlobExpectation, opts: IngestOptions = {}): Promise<string> {
    const gen = this.ingestChunks(source, expect, opts, false);
    for (;;) {
      const r = await gen.next();
      if (r.done) return r.value;
    }
  }

  /**
   * Like ingest, but hands every chunk on once it is written (to unpack a layer while it
   * downloads, with the consumer's pace as backpressure). `finish()` drains what the consumer
   * did not read and resolves to the committed path; `abort()` discards the download.
   */
  ingestThrough(source: ByteSource, expect: BlobExpectation, opts: IngestOptions = {}): IngestThrough {
    const gen = this.ingestChunks(source, expect, opts, true);
    let final: string | undefined;
    let failure: { err: unknown } | undefined;
    const step = async (): Promise<IteratorResult<Uint8Array, undefined>> => {
      if (failure) throw failure.err;
      if (final !== undefined) return { done: true, value: undefined };
      try {
        const r = await gen.next();
        if (r.done) {
          final = r.value;
          return { done: true, value: undefined };
        }
        return r;
      } catch (err) {
        failure = { err };
        throw err;
      }
    };
    return {
      chunks: { [Symbol.asyncIterator]: () => ({ next: step, return: async () => ({ done: true, value: undefined }) }) },
      finish: async () => {
        while (!(await step()).done) {
          /* drain */
        }
        return final!;
      },
      abort: async () => {
        if (final === undefined && !failure) await gen.return(undefined as never);
      },
    };
  }

  private async *ingestChunks(source: ByteSource, expect: BlobExpectation, opts: IngestOptions, passThrough: boolean): AsyncGenerator<Uint8Array, string> {
    const hex = digestHex(expect.digest);
    const final = this.path(expect.digest);
    if (fs.existsSync(final)) {
      // already stored (another pull committed it): hand the bytes on if someone needs them
      if (passThrough) yield* iterate(source);
      else await cancelSource(source);
      return final;
    }
    fs.mkdirSync(this.dir, { recursive: true });
    fs.mkdirSync(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${hex}-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
    let closed = false;
    let committed = false;
    try {
      const hash = new Sha256();
      let n = 0;
      const limit = expect.size !== undefined && expect.size >= 0 ? expect.size : Infinity;
      for await (const chunk of iterate(source)) {
        opts.signal?.throwIfAborted();
        n += chunk.length;
        if (n > limit) throw new TspodError("digest_mismatch", `blob ${expect.digest}: more data than the expected ${limit} bytes`);
        hash.update(chunk);
        let off = 0;
        while (off < chunk.length) off += fs.writeSync(fd, chunk, off, chunk.length - off);
        opts.onProgress?.(n);
        yield chunk;
      }
      opts.signal?.throwIfAborted();
      if (limit !== Infinity && n !== limit) throw new TspodError("digest_mismatch", `blob ${expect.digest}: got ${n} bytes, expected ${limit}`);
      const actual = hash.digest();
      if (actual !== expect.digest) throw new TspodError("digest_mismatch", `blob ${expect.digest}: content has digest ${actual}`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      closed = true;
      fs.renameSync(tmp, final); // atomic; replacing an identical blob committed concurrently is harmless
      committed = true;
      return final;
    } finally {
      if (!committed) {
        if (!closed) fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        await cancelSource(source);
      }
    }
  }

  /** Removes ingest temp files left by killed processes (`<hex>-<pid>-<rand>`). */
  sweepStale(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.tmpDir);
    } catch {
      return;
    }
    for (const n of names) {
      const m = /^[0-9a-f]+-(\d+)-/.exec(n);
      if (!m || Number(m[1]) === process.pid) continue;
      try {
        process.kill(Number(m[1]), 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ESRCH") fs.rmSync(path.join(this.tmpDir, n), { force: true });
      }
    }
  }

  remove(digest: string): void {
    fs.rmSync(this.path(digest), { force: true });
  }
}

async function* iterate(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source;
  }
}

async function cancelSource(source: ByteSource): Promise<void> {
  try {
    if (source instanceof ReadableStream) {
      if (!source.locked) await source.cancel();
    } else {
      await (source as AsyncGenerator<Uint8Array>).return?.(undefined);
    }
  } catch {
    /* best effort */
  }
}
