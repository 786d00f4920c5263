/**
 * Where an image layout is written: a directory (`oci:`, `dir:`, `--format oci-dir`) or a tar
 * stream (`docker-archive`, `oci-archive`). Writers call `putBytes` for small JSON files and
 * `putStream` for layers, whose size is known up front so a tar entry can be streamed.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { TAR_END, tarEntryHeader, tarPadding } from "../util/tar-writer.ts";

/** Receives archive bytes in order (a file, or the CLI's stdout). */
export type ChunkWriter = (chunk: Uint8Array) => Promise<void> | void;

export interface LayoutSink {
  putBytes(name: string, data: Uint8Array | string): Promise<void>;
  putStream(name: string, size: number, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** True when `name` exists already (directory sinks; lets `oci:` skip blobs it has). */
  has(name: string): boolean;
  /** Reads back an existing file (directory sinks only: `oci:` appends to index.json). */
  read(name: string): Uint8Array | undefined;
  symlink?(name: string, target: string): Promise<void>;
  finish(): Promise<void>;
}

const enc = new TextEncoder();

async function* countExact(source: AsyncIterable<Uint8Array>, size: number, name: string): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of source) {
    n += c.length;
    if (n > size) throw new TspodError("digest_mismatch", `${name}: more data than the expected ${size} bytes`);
    yield c;
  }
  if (n !== size) throw new TspodError("digest_mismatch", `${name}: got ${n} bytes, expected ${size}`);
}

/** Writes a tar archive (deterministic: mode 0444, uid/gid 0, mtime 0, like Podman's). */
export class TarSink implements LayoutSink {
  private dirs = new Set<string>();
  constructor(private readonly write: ChunkWriter, private readonly withDirs = false) {}

  private async dirsFor(name: string): Promise<void> {
    if (!this.withDirs) return;
    const parts = name.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join("/") + "/";
      if (this.dirs.has(d)) continue;
      this.dirs.add(d);
      for (const h of tarEntryHeader({ name: d, type: "dir", mode: 0o755 }, 0)) await this.write(h);
    }
  }

  async putBytes(name: string, data: Uint8Array | string): Promise<void> {
    const b = typeof data === "string" ? enc.encode(data) : data;
    await this.dirsFor(name);
    for (const h of tarEntryHeader({ name, mode: 0o444 }, b.length)) await this.write(h);
    if (b.length) await this.write(b);
    const pad = tarPadding(b.length);
    if (pad.length) await this.write(pad);
  }

  async putStream(name: string, size: number, source: AsyncIterable<Uint8Array>): Promise<void> {
    await this.dirsFor(name);
    for (const h of tarEntryHeader({ name, mode: 0o444 }, size)) await this.write(h);
    for await (const c of countExact(source, size, name)) await this.write(c);
    const pad = tarPadding(size);
    if (pad.length) await this.write(pad);
  }

  async symlink(name: string, target: string): Promise<void> {
    await this.dirsFor(name);
    for (const h of tarEntryHeader({ name, type: "symlink", linkname: target, mode: 0o777 }, 0)) await this.write(h);
  }

  has(): boolean {
    return false;
  }

  read(): Uint8Array | undefined {
    return undefined;
  }

  async finish(): Promise<void> {
    await this.write(TAR_END);
  }
}

/** Writes files into a directory; each file goes to a temp name first and is renamed into place. */
export class DirSink implements LayoutSink {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private target(name: string): string {
    const p = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return p;
  }

  async putBytes(name: string, data: Uint8Array | string): Promise<void> {
    const p = this.target(name);
    const tmp = `${p}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, data, { mode: 0o644 });
    fs.renameSync(tmp, p);
  }

  async putStream(name: string, size: number, source: AsyncIterable<Uint8Array>): Promise<void> {
    const p = this.target(name);
    const tmp = `${p}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, "w", 0o644);
    try {
      for await (const c of countExact(source, size, name)) {
        let off = 0;
        while (off < c.length) off += fs.writeSync(fd, c, off, c.length - off);
      }
      fs.fsyncSync(fd);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, p);
  }

  has(name: string): boolean {
    return fs.existsSync(path.join(this.dir, name));
  }

  read(name: string): Uint8Array | undefined {
    try {
      return new Uint8Array(fs.readFileSync(path.join(this.dir, name)));
    } catch {
      return undefined;
    }
  }

  async finish(): Promise<void> {}
}

/** A ChunkWriter over a file descriptor (write(2) until all bytes are out). */
export function fdWriter(fd: number): ChunkWriter {
  return (chunk) => {
    let off = 0;
    while (off < chunk.length) {
      try {
        off += fs.writeSync(fd, chunk, off, chunk.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
        throw err;
      }
    }
  };
}
