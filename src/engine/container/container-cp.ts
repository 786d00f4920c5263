/**
 * `cp` between the host and containers (docker cp semantics): a directory is copied as itself,
 * or its contents with a trailing `/.`; an existing directory destination receives the source
 * by its base name. Every container path, and every entry written into a container, is resolved
 * inside the container's root, so symlinks in the container never lead to the host.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import { resolveInRoot } from "../../storage/rootfs-path.ts";

export interface CpSide {
  /** mounted container root; undefined for the host */
  root?: string;
  /** e.g. "container c1" or "the host", for messages */
  where: string;
  path: string;
}

export interface CpOptions {
  /** owner for written entries; undefined keeps the source's (-a) */
  owner?: { uid: number; gid: number };
}

export function resolveSide(side: CpSide, p: string, followLast: boolean): string {
  if (side.root === undefined) return path.resolve(p);
  return resolveInRoot(side.root, p.startsWith("/") ? p : `/${p}`, followLast);
}

function lstatOr(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOr(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function notFound(side: CpSide, p: string): TspodError {
  return new TspodError("no_such_file", `"${p}" could not be found on ${side.where}`);
}

/** Where the source lands: the destination path itself, or inside it (an existing directory). */
export function copyTarget(src: CpSide, srcIsDir: boolean, dst: CpSide): string {
  const dstHost = resolveSide(dst, dst.path, true);
  const dstStat = statOr(dstHost);
  const contentsOnly = /(^|\/)\.$/.test(src.path);
  if (dstStat?.isDirectory()) {
    if (srcIsDir && contentsOnly) return dst.path;
    const base = path.posix.basename(src.path.replace(/\/+$/, "")) || "/";
    return path.posix.join(dst.path, base);
  }
  if (dstStat) {
    if (srcIsDir) throw new TspodError("invalid_argument", `cannot copy a directory onto the file "${dst.path}"`);
    return dst.path;
  }
  if (dst.path.endsWith("/") && !srcIsDir) throw notFound(dst, dst.path);
  const parent = resolveSide(dst, path.posix.dirname(dst.path.replace(/\/+$/, "")) || "/", true);
  if (!statOr(parent)?.isDirectory()) throw notFound(dst, path.posix.dirname(dst.path));
  return dst.path.replace(/\/+$/, "") || "/";
}

/** Docker's path stat of a container path (the link itself for a symlink). */
export function statInRoot(side: CpSide): { name: string; size: number; mode: number; mtime: string; linkTarget: string } {
  const abs = resolveSide(side, side.path, false);
  const st = lstatOr(abs);
  if (!st) throw notFound(side, side.path);
  const typeBits = st.isDirectory() ? 2 ** 31 : st.isSymbolicLink() ? 2 ** 27 : 0;
  return {
    name: path.posix.basename(side.path.replace(/\/+$/, "")) || "/",
    size: st.size,
    mode: typeBits + (st.mode & 0o7777),
    mtime: st.mtime.toISOString(),
    linkTarget: st.isSymbolicLink() ? fs.readlinkSync(abs) : "",
  };
}

export function copyPath(src: CpSide, dst: CpSide, opts: CpOptions): void {
  const follow = src.path.endsWith("/") || /(^|\/)\.$/.test(src.path);
  const srcHost = resolveSide(src, src.path, follow);
  const st = lstatOr(srcHost);
  if (!st) throw notFound(src, src.path);
  const target = copyTarget(src, st.isDirectory(), dst);
  copyEntry(srcHost, dst, target, opts);
}

function copyEntry(srcAbs: string, dst: CpSide, dstPath: string, opts: CpOptions): void {
  const st = fs.lstatSync(srcAbs);
  const uid = opts.owner?.uid ?? st.uid;
  const gid = opts.owner?.gid ?? st.gid;
  if (st.isDirectory()) {
    // An existing directory (or a link to one inside the root) is merged into.
    let abs = resolveSide(dst, dstPath, true);
    const existing = statOr(abs);
    if (!existing?.isDirectory()) {
      abs = resolveSide(dst, dstPath, false);
      if (lstatOr(abs)) fs.rmSync(abs, { force: true });
      fs.mkdirSync(abs, { mode: st.mode & 0o7777 });
    }
    fs.chmodSync(abs, st.mode & 0o7777);
    fs.lchownSync(abs, uid, gid);
    for (const child of fs.readdirSync(srcAbs).sort()) copyEntry(path.join(srcAbs, child), dst, path.posix.join(dstPath, child), opts);
    fs.utimesSync(abs, st.atime, st.mtime);
    return;
  }
  // Never write through whatever sits at the destination: replace it.
  const abs = resolveSide(dst, dstPath, false);
  const existing = lstatOr(abs);
  if (existing?.isDirectory()) throw new TspodError("invalid_argument", `cannot overwrite directory "${dstPath}" with non-directory`);
  if (existing) fs.rmSync(abs, { force: true });
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(srcAbs), abs);
    fs.lchownSync(abs, uid, gid);
    return;
  }
  if (st.isFile()) {
    fs.copyFileSync(srcAbs, abs, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(abs, st.mode & 0o7777);
    fs.lchownSync(abs, uid, gid);
    fs.utimesSync(abs, st.atime, st.mtime);
  }
  // devices, fifos and sockets are skipped, as Podman's cp does for non-archive copies
}
