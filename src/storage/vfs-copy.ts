/**
 * The vfs storage driver's copy: flattens an image's overlay-format layer dirs into one plain
 * directory, bottom layer first. A char device 0/0 deletes the path from the layers below; a
 * directory with `trusted.overlay.opaque=y` hides everything the layers below put in it.
 * Preserves modes, ownership (as root), symlinks, hardlinks within a layer, device nodes,
 * xattrs (except trusted.overlay.*) and mtimes. Never follows a symlink in the target: every
 * directory descended into was lstat'ed (or created) as a real directory.
 */
import fs from "node:fs";
import path from "node:path";
import { lgetxattr, llistxattr, lsetxattr, mknod } from "../util/libc.ts";

const OPAQUE_XATTR = "trusted.overlay.opaque";
const { S_IFMT, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK } = fs.constants;

export function isWhiteout(st: fs.Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

function isOpaque(dir: string): boolean {
  const v = lgetxattr(dir, OPAQUE_XATTR);
  return v !== undefined && Buffer.from(v).toString() === "y";
}

interface DirTime {
  path: string;
  st: fs.Stats;
}

class LayerCopier {
  private readonly isRoot = process.getuid?.() === 0;
  /** (dev:ino) of multiply-linked files in this layer → their copy. */
  private links = new Map<string, string>();
  private dirTimes: DirTime[] = [];

  constructor(
    private readonly target: string,
    /** Keep whiteouts and opaque markers in the target (a squashed layer over base layers). */
    private readonly keepWhiteouts = false,
  ) {}

  copyLayer(layer: string): void {
    this.links.clear();
    this.dirTimes = [];
    this.copyDir(layer, this.target, true);
    // Directory mtimes last (deepest first): writing children changed them.
    for (const d of this.dirTimes.reverse()) fs.utimesSync(d.path, d.st.atime, d.st.mtime);
  }

  private copyDir(src: string, dst: string, isTop: boolean): void {
    const st = fs.lstatSync(src);
    if (isTop) {
      fs.mkdirSync(dst, { recursive: true });
    } else {
      const existing = lstatOrUndefined(dst);
      if (existing && !existing.isDirectory()) fs.rmSync(dst, { recursive: true, force: true });
      if (!existing || !existing.isDirectory()) fs.mkdirSync(dst);
      else if (isOpaque(src)) emptyDir(dst);
    }
    this.applyMeta(src, dst, st);
    if (this.keepWhiteouts && !isTop && isOpaque(src)) lsetxattr(dst, OPAQUE_XATTR, new TextEncoder().encode("y"));
    for (const name of fs.readdirSync(src)) this.copyEntry(path.join(src, name), path.join(dst, name));
    this.dirTimes.push({ path: dst, st });
  }

  private copyEntry(src: string, dst: string): void {
    const st = fs.lstatSync(src);
    if (isWhiteout(st)) {
      fs.rmSync(dst, { recursive: true, force: true });
      if (this.keepWhiteouts) mknod(dst, S_IFCHR, 0n);
      return;
    }
    if (st.isDirectory()) {
      this.copyDir(src, dst, false);
      return;
    }
    fs.rmSync(dst, { recursive: true, force: true });
    const key = `${st.dev}:${st.ino}`;
    if (st.nlink > 1 && !st.isSymbolicLink()) {
      const first = this.links.get(key);
      if (first) {
        try {
          fs.linkSync(first, dst);
          return;
        } catch {
          /* the first copy was deleted by a later entry of this layer: copy again */
        }
      }
      this.links.set(key, dst);
    }
    const type = st.mode & S_IFMT;
    if (st.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(src), dst);
    } else if (st.isFile()) {
      fs.copyFileSync(src, dst, fs.constants.COPYFILE_FICLONE);
    } else if (type === S_IFCHR || type === S_IFBLK || type === S_IFIFO) {
      mknod(dst, type | (st.mode & 0o7777), BigInt(st.rdev));
    } else if (type === S_IFSOCK) {
      return; // a socket cannot be copied; the image's socket files are meaningless anyway
    } else {
      return;
    }
    this.applyMeta(src, dst, st);
    if (st.isSymbolicLink()) fs.lutimesSync(dst, st.atime, st.mtime);
    else fs.utimesSync(dst, st.atime, st.mtime);
  }

  /** Ownership, then mode (chown clears set-id bits), then xattrs. */
  private applyMeta(src: string, dst: string, st: fs.Stats): void {
    if (this.isRoot) fs.lchownSync(dst, st.uid, st.gid);
    if (!st.isSymbolicLink()) fs.chmodSync(dst, st.mode & 0o7777);
    for (const name of llistxattr(src)) {
      if (name.startsWith("trusted.overlay.")) continue;
      const value = lgetxattr(src, name);
      if (value === undefined) continue;
      try {
        lsetxattr(dst, name, value);
      } catch {
        /* unsupported here (e.g. security.* without privilege): like cp -a, keep going */
      }
    }
  }
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function emptyDir(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** Copies `layerDirs` (bottom layer first) into `target`, applying each layer's whiteouts. */
export function flattenLayers(layerDirs: string[], target: string, opts: { keepWhiteouts?: boolean } = {}): void {
  const copier = new LayerCopier(target, opts.keepWhiteouts);
  fs.mkdirSync(target, { recursive: true });
  for (const layer of layerDirs) copier.copyLayer(layer);
}
