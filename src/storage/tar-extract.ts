/**
 * Extracts a (hostile) layer tar stream into a directory in overlay format.
 *
 * Safety: entry paths with `..` are refused; nothing is ever written through a symlink (every
 * parent component is checked with lstat, and existing final components are replaced, never
 * followed); hardlink targets must be existing non-directory entries inside the tree.
 * Whiteouts: `.wh.NAME` → char device 0/0 `NAME`; `.wh..wh..opq` → `trusted.overlay.opaque=y`.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { readTar, type TarHeader } from "../util/tar-reader.ts";
import { lsetxattr, makedev, mknod, S_IFBLK, S_IFCHR, S_IFIFO } from "../util/libc.ts";

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Apply ownership (lchown). Defaults to true when running as root. */
  chown?: boolean;
  /** Create device nodes (and 0/0 whiteout devices). Defaults to true when root. */
  mknod?: boolean;
}

export interface ExtractStats {
  entries: number;
  /** Bytes of regular-file content written. */
  bytes: number;
}

const WH_PREFIX = ".wh.";
const WH_OPAQUE = ".wh..wh..opq";
const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

function unsafe(msg: string): TspodError {
  return new TspodError("unsafe_content", msg);
}

/** Splits an archive path into safe components, refusing `..` and empty results. */
export function safeComponents(name: string, what = "entry"): string[] {
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) throw unsafe(`layer ${what} ${JSON.stringify(name)} contains ".." and would escape the layer root`);
  if (parts.some((p) => p.includes("\0"))) throw unsafe(`layer ${what} ${JSON.stringify(name)} contains a NUL byte`);
  return parts;
}

export class TarExtractor {
  private readonly root: string;
  /** Directories (relative) known to be real directories we can descend into. */
  private safeDirs = new Set<string>([""]);
  private dirTimes: { p: string; mtime: number }[] = [];
  private readonly chown: boolean;
  private readonly mknod: boolean;

  constructor(root: string, opts: ExtractOptions = {}) {
    this.root = root;
    const isRoot = process.getuid?.() === 0;
    this.chown = opts.chown ?? isRoot;
    this.mknod = opts.mknod ?? isRoot;
  }

  async extract(source: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<ExtractStats> {
    const stats: ExtractStats = { entries: 0, bytes: 0 };
    for await (const entry of readTar(source)) {
      signal?.throwIfAborted();
      stats.entries++;
      stats.bytes += await this.entry(entry.header, entry.body);
    }
    // Directory mtimes last: creating children changed them.
    for (const d of this.dirTimes.reverse()) {
      try {
        fs.utimesSync(d.p, d.mtime, d.mtime);
      } catch {
        /* the directory may have been replaced by a later entry */
      }
    }
    return stats;
  }

  /** Ensures every parent of `parts` is a real directory inside the root; returns the absolute parent. */
  private parentDir(parts: string[], name: string): string {
    let rel = "";
    for (const p of parts.slice(0, -1)) {
      const next = rel ? `${rel}/${p}` : p;
      if (!this.safeDirs.has(next)) {
        const abs = path.join(this.root, next);
        let st: fs.Stats | undefined;
        try {
          st = fs.lstatSync(abs);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
        if (st?.isSymbolicLink()) throw unsafe(`layer entry ${JSON.stringify(name)} would be written through the symlink ${JSON.stringify(next)}`);
        if (st && !st.isDirectory()) throw unsafe(`layer entry ${JSON.stringify(name)}: parent ${JSON.stringify(next)} is not a directory`);
        if (!st) fs.mkdirSync(abs, { mode: 0o755 });
        this.safeDirs.add(next);
      }
      rel = next;
    }
    return path.join(this.root, rel);
  }

  /** Removes whatever is at `abs` (never following a symlink), unless it is a dir and `keepDir`. */
  private clear(abs: string, rel: string, keepDir: boolean): boolean {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return false;
    }
    if (st.isDirectory()) {
      if (keepDir) return true;
      fs.rmSync(abs, { recursive: true, force: true });
      for (const d of this.safeDirs) if (d === rel || d.startsWith(rel + "/")) this.safeDirs.delete(d);
    } else {
      fs.unlinkSync(abs);
    }
    return false;
  }

  private async entry(h: TarHeader, body: AsyncIterable<Uint8Array>): Promise<number> {
    const parts = safeComponents(h.name);
    if (parts.length === 0) {
      // The root directory itself ("./"): apply its metadata only.
      if (h.type === "dir") this.meta(this.root, h, true);
      return 0;
    }
    const base = parts[parts.length - 1]!;
    const parent = this.parentDir(parts, h.name);
    const rel = parts.join("/");

    if (base === WH_OPAQUE) {
      lsetxattr(parent, "trusted.overlay.opaque", new TextEncoder().encode("y"));
      return 0;
    }
    if (base.startsWith(WH_PREFIX)) {
      const target = base.slice(WH_PREFIX.length);
      if (target.startsWith(".wh.")) return 0; // other aufs metadata (.wh..wh.plnk, …)
      safeComponents(target);
      const abs = path.join(parent, target);
      this.clear(abs, rel.slice(0, -base.length) + target, false);
      if (this.mknod) mknod(abs, S_IFCHR | 0o000, makedev(0, 0));
      return 0;
    }

    const abs = path.join(parent, base);
    const isDirHere = this.clear(abs, rel, h.type === "dir");
    let written = 0;
    switch (h.type) {
      case "dir":
        if (!isDirHere) fs.mkdirSync(abs, { mode: 0o700 });
        this.safeDirs.add(rel);
        break;
      case "file":
        written = await this.writeFile(abs, body);
        break;
      case "symlink":
        fs.symlinkSync(h.linkname, abs);
        break;
      case "hardlink":
        this.hardlink(abs, h);
        return 0; // the link shares the target's metadata
      case "char":
      case "block":
      case "fifo": {
        if (!this.mknod && h.type !== "fifo") return 0;
        const kind = h.type === "char" ? S_IFCHR : h.type === "block" ? S_IFBLK : S_IFIFO;
        mknod(abs, kind | (h.mode & 0o777), makedev(h.devmajor, h.devminor));
        break;
      }
    }
    this.meta(abs, h, h.type === "dir");
    return written;
  }

  private async writeFile(abs: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    const fd = fs.openSync(abs, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    let n = 0;
    try {
      for await (const chunk of body) {
        let off = 0;
        while (off < chunk.length) off += fs.writeSync(fd, chunk, off, chunk.length - off);
        n += chunk.length;
      }
    } finally {
      fs.closeSync(fd);
    }
    return n;
  }

  private hardlink(abs: string, h: TarHeader): void {
    const tparts = safeComponents(h.linkname, "hardlink target");
    if (tparts.length === 0) throw unsafe(`layer hardlink ${JSON.stringify(h.name)} points at the layer root`);
    const tparent = this.parentDir(tparts, h.linkname);
    const target = path.join(tparent, tparts[tparts.length - 1]!);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(target);
    } catch {
      throw unsafe(`layer hardlink ${JSON.stringify(h.name)} points at ${JSON.stringify(h.linkname)}, which is not in the layer`);
    }
    if (st.isDirectory()) throw unsafe(`layer hardlink ${JSON.stringify(h.name)} points at a directory`);
    fs.linkSync(target, abs);
  }

  private meta(abs: string, h: TarHeader, isDir: boolean): void {
    const symlink = h.type === "symlink";
    if (this.chown) {
      try {
        fs.lchownSync(abs, h.uid, h.gid);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EPERM" && (err as NodeJS.ErrnoException).code !== "EINVAL") throw err;
      }
    }
    // chmod after chown: chown clears setuid/setgid bits.
    if (!symlink) fs.chmodSync(abs, h.mode & 0o7777);
    for (const [name, value] of h.xattrs) {
      if (name.startsWith("trusted.overlay.")) continue; // never let a layer forge overlay metadata
      try {
        lsetxattr(abs, name, value);
      } catch (err) {
        // Filesystems without xattr support, or unprivileged users, keep going like Podman does.
        if (!/not supported|not permitted|Permission denied/i.test((err as Error).message)) throw err;
      }
    }
    if (isDir) this.dirTimes.push({ p: abs, mtime: h.mtime });
    else if (symlink) fs.lutimesSync(abs, h.mtime, h.mtime);
    else fs.utimesSync(abs, h.mtime, h.mtime);
  }
}

/** Convenience: extract `source` into `root` (which must exist). */
export async function extractTar(source: AsyncIterable<Uint8Array>, root: string, opts: ExtractOptions = {}): Promise<ExtractStats> {
  return new TarExtractor(root, opts).extract(source, opts.signal);
}
