/**
 * Streams a directory tree as a tar archive (export, cp to stdout, commit). With
 * `overlayWhiteouts` an overlay upper dir becomes a layer: 0/0 character devices turn into
 * `.wh.NAME` entries and opaque directories get a `.wh..wh..opq` entry.
 */
import fs from "node:fs";
import path from "node:path";
import { tarEntry, type TarWriteEntry } from "../util/tar-writer.ts";
import { lgetxattr } from "../util/libc.ts";

export interface DirTarOptions {
  overlayWhiteouts?: boolean;
  /** Name of the top entry in the archive ("" for the tree's contents only, like `tar -C dir .`). */
  prefix?: string;
  /** Owner to give every entry (cp without -a); undefined keeps the file's own. */
  owner?: { uid: number; gid: number };
  /** Maps the files' host ids to the ids the archive records (a container in a user namespace). */
  mapIds?: (uid: number, gid: number) => { uid: number; gid: number };
}

const BLOCK = 512;

function isWhiteout(st: fs.Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

function isOpaque(p: string): boolean {
  const v = lgetxattr(p, "trusted.overlay.opaque");
  return v !== undefined && v.length === 1 && v[0] === 0x79;
}

/** Yields the entries of `root` (a file or directory) in a stable order, parents before children. */
export async function* tarPath(root: string, opts: DirTarOptions = {}): AsyncGenerator<Uint8Array> {
  const links = new Map<string, string>();
  const prefix = opts.prefix ?? "";
  function* walk(abs: string, name: string): Generator<TarWriteEntry> {
    const st = fs.lstatSync(abs);
    const ids = opts.mapIds ? opts.mapIds(st.uid, st.gid) : st;
    const base = {
      mode: st.mode & 0o7777,
      uid: opts.owner?.uid ?? ids.uid,
      gid: opts.owner?.gid ?? ids.gid,
      mtime: Math.floor(st.mtimeMs / 1000),
    };
    if (opts.overlayWhiteouts && isWhiteout(st)) {
      yield { ...base, name: path.posix.join(path.posix.dirname(name), `.wh.${path.posix.basename(name)}`), type: "file", mode: 0o600 };
      return;
    }
    if (st.isDirectory()) {
      if (name !== "") yield { ...base, name: `${name}/`, type: "dir" };
      if (opts.overlayWhiteouts && name !== "" && isOpaque(abs)) yield { ...base, name: `${name}/.wh..wh..opq`, type: "file", mode: 0o600 };
      for (const child of fs.readdirSync(abs).sort()) yield* walk(path.join(abs, child), name === "" ? child : `${name}/${child}`);
      return;
    }
    if (st.isSymbolicLink()) {
      yield { ...base, name, type: "symlink", linkname: fs.readlinkSync(abs) };
      return;
    }
    if (st.nlink > 1 && !st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      const first = links.get(key);
      if (first !== undefined) {
        yield { ...base, name, type: "hardlink", linkname: first };
        return;
      }
      links.set(key, name);
    }
    if (st.isFile()) yield { ...base, name, type: "file", data: fs.readFileSync(abs) };
    else if (st.isCharacterDevice() || st.isBlockDevice()) {
      const major = Number((BigInt(st.rdev) >> 8n) & 0xfffn);
      const minor = Number((BigInt(st.rdev) & 0xffn) | ((BigInt(st.rdev) >> 12n) & 0xfff00n));
      yield { ...base, name, type: st.isCharacterDevice() ? "char" : "block", devmajor: major, devminor: minor };
    } else if (st.isFIFO()) yield { ...base, name, type: "fifo" };
    // sockets are not archived (as in tar)
  }
  for (const e of walk(root, prefix)) for (const chunk of tarEntry(e)) yield chunk;
  yield new Uint8Array(BLOCK * 2);
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of source) {
    parts.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
