/**
 * COPY and ADD: sources (globs) from the build context, another stage's or an image's rootfs,
 * heredocs, or (ADD) http(s) URLs and local tarballs, which are unpacked. Files land in the
 * step's mounted rootfs with their owner set (`--chown`, default root) and `--chmod` applied.
 * `sourceDigest` is the content hash that keys the layer cache and names the step in history.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { resolveInRoot } from "../storage/rootfs-path.ts";
import { extractTar } from "../storage/tar-extract.ts";
import { decompressStream } from "../storage/decompress.ts";
import { globToRegExp, isIgnored, type IgnorePattern } from "./ignore-patterns.ts";

export interface CopySource {
  /** Host path. */
  abs: string;
  /** Name used for `dest/`: the base name. */
  name: string;
}

export interface SourceRoot {
  dir: string;
  /** Ignore patterns (only for the build context). */
  ignore?: IgnorePattern[];
  /** The build context (paths are confined to it) or a rootfs (paths resolved inside it). */
  kind: "context" | "rootfs";
}

function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** Expands one source pattern; an empty result is an error in Podman's words. */
export function resolveSources(root: SourceRoot, pattern: string, step: string): CopySource[] {
  const cleaned = path.posix.normalize("/" + pattern);
  if (root.kind === "context" && path.posix.normalize(pattern).startsWith("../")) {
    throw new TspodError("no_such_file", `building at STEP "${step}": checking on sources under "${root.dir}": possible escaping context directory error: copier: stat: "${cleaned}": no such file or directory`);
  }
  const rel = cleaned.slice(1);
  const notFound = () => new TspodError("no_such_file", `building at STEP "${step}": checking on sources under "${root.dir}": copier: stat: "${cleaned}": no such file or directory`);
  // Symlinks are resolved inside the root (context or rootfs), never on the host: a link in the
  // context pointing at / cannot expose the host's files. A source that is a link is followed
  // (as Docker does), inside the root too.
  const at = (r: string, followLast: boolean) => resolveInRoot(root.dir, r, followLast);
  const exists = (p: string) => fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  if (!hasGlob(rel)) {
    const abs = rel === "" ? root.dir : at(rel, true);
    if (!exists(abs) || (root.ignore && isIgnored(root.ignore, rel))) throw notFound();
    return [{ abs, name: path.basename(rel) || "." }];
  }
  const segs = rel.split("/");
  let found: { abs: string; rel: string }[] = [{ abs: root.dir, rel: "" }];
  for (const seg of segs) {
    const next: { abs: string; rel: string }[] = [];
    for (const f of found) {
      const dir = f.rel === "" ? root.dir : at(f.rel, true);
      const names = hasGlob(seg) ? safeReaddir(dir).filter((n) => globToRegExp(seg).test(n)) : [seg];
      for (const n of names) {
        const r = f.rel ? `${f.rel}/${n}` : n;
        const abs = at(r, true);
        if (exists(abs)) next.push({ abs, rel: r });
      }
    }
    found = next;
  }
  const out = found.filter((f) => !(root.ignore && isIgnored(root.ignore, f.rel))).map((f) => ({ abs: f.abs, name: path.basename(f.rel) }));
  if (out.length === 0) throw notFound();
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** sha256 over names, modes, link targets and contents of `sources` (ignored files left out). */
export function sourceDigest(sources: CopySource[], root: SourceRoot): string {
  const h = createHash("sha256");
  const walk = (abs: string, name: string) => {
    const st = fs.lstatSync(abs);
    if (root.ignore && root.kind === "context") {
      const rel = path.relative(root.dir, abs);
      if (rel && isIgnored(root.ignore, rel)) return;
    }
    h.update(`${name}\0${st.mode}\0`);
    if (st.isSymbolicLink()) h.update(fs.readlinkSync(abs));
    else if (st.isFile()) h.update(fs.readFileSync(abs));
    else if (st.isDirectory()) for (const n of fs.readdirSync(abs).sort()) walk(path.join(abs, n), `${name}/${n}`);
    h.update("\0");
  };
  for (const s of sources) walk(s.abs, s.name);
  return h.digest("hex");
}

export interface CopyOptions {
  owner: { uid: number; gid: number };
  chmod?: number;
  root: SourceRoot;
}

function copyTree(src: string, dst: string, opts: CopyOptions): void {
  const st = fs.lstatSync(src);
  if (opts.root.ignore && opts.root.kind === "context") {
    const rel = path.relative(opts.root.dir, src);
    if (rel && isIgnored(opts.root.ignore, rel)) return;
  }
  const mode = opts.chmod ?? st.mode & 0o7777;
  if (st.isDirectory()) {
    const existing = fs.lstatSync(dst, { throwIfNoEntry: false });
    if (existing && !existing.isDirectory()) fs.rmSync(dst, { recursive: true, force: true });
    if (!existing?.isDirectory()) fs.mkdirSync(dst);
    for (const n of fs.readdirSync(src)) copyTree(path.join(src, n), path.join(dst, n), opts);
    fs.chmodSync(dst, mode);
    fs.lchownSync(dst, opts.owner.uid, opts.owner.gid);
    fs.utimesSync(dst, st.atime, st.mtime);
    return;
  }
  fs.rmSync(dst, { recursive: true, force: true });
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(src), dst);
    fs.lchownSync(dst, opts.owner.uid, opts.owner.gid);
    return;
  }
  if (!st.isFile()) return;
  fs.copyFileSync(src, dst);
  fs.chmodSync(dst, mode);
  fs.lchownSync(dst, opts.owner.uid, opts.owner.gid);
  fs.utimesSync(dst, st.atime, st.mtime);
}

/** Creates missing parents of `dir` (inside `rootfs`) as root-owned 0755 directories. */
function mkdirs(rootfs: string, containerPath: string, owner?: { uid: number; gid: number }): string {
  let cur = "/";
  for (const seg of containerPath.split("/").filter(Boolean)) {
    cur = path.posix.join(cur, seg);
    const host = resolveInRoot(rootfs, cur);
    if (!fs.existsSync(host)) {
      fs.mkdirSync(host, { mode: 0o755 });
      if (owner) fs.lchownSync(host, owner.uid, owner.gid);
    }
  }
  return resolveInRoot(rootfs, containerPath);
}

/** Copies `sources` to container path `dest` inside `rootfs` with Docker's rules. */
export function copySources(rootfs: string, sources: CopySource[], dest: string, opts: CopyOptions, multiple: boolean): void {
  const destIsDir = dest.endsWith("/") || multiple;
  const destHost = resolveInRoot(rootfs, dest);
  const existingDir = fs.statSync(destHost, { throwIfNoEntry: false })?.isDirectory() ?? false;
  for (const s of sources) {
    const st = fs.lstatSync(s.abs);
    if (st.isDirectory()) {
      const d = mkdirs(rootfs, dest);
      for (const n of fs.readdirSync(s.abs)) copyTree(path.join(s.abs, n), path.join(d, n), opts);
      continue;
    }
    if (destIsDir || existingDir) {
      const d = mkdirs(rootfs, dest);
      copyTree(s.abs, path.join(d, s.name), opts);
    } else {
      mkdirs(rootfs, path.posix.dirname(dest));
      copyTree(s.abs, resolveInRoot(rootfs, dest, false), opts);
    }
  }
}

/** Writes a heredoc as file `name` (in `dest/` or as `dest`). */
export function copyHeredoc(rootfs: string, name: string, content: string, dest: string, opts: Omit<CopyOptions, "root">): void {
  const destHost = resolveInRoot(rootfs, dest);
  const isDir = dest.endsWith("/") || (fs.statSync(destHost, { throwIfNoEntry: false })?.isDirectory() ?? false);
  const file = isDir ? path.join(mkdirs(rootfs, dest), name) : (mkdirs(rootfs, path.posix.dirname(dest)), resolveInRoot(rootfs, dest, false));
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, content, { mode: opts.chmod ?? 0o644 });
  fs.chmodSync(file, opts.chmod ?? 0o644);
  fs.lchownSync(file, opts.owner.uid, opts.owner.gid);
}

/** Whether `file` is a tar archive (plain, gzip or zstd), by content. */
export async function isTarArchive(file: string): Promise<boolean> {
  try {
    const chunks: Uint8Array[] = [];
    let n = 0;
    const src = (async function* () {
      yield new Uint8Array(fs.readFileSync(file));
    })();
    for await (const c of decompressStream(src)) {
      chunks.push(c);
      n += c.length;
      if (n >= 512) break;
    }
    const all = Buffer.concat(chunks);
    return all.length >= 262 && all.subarray(257, 262).toString() === "ustar";
  } catch {
    return false;
  }
}

/** ADD of a local archive: unpacked into container dir `dest`. */
export async function addArchive(rootfs: string, file: string, dest: string): Promise<void> {
  const d = mkdirs(rootfs, dest);
  const src = (async function* () {
    yield new Uint8Array(fs.readFileSync(file));
  })();
  await extractTar(decompressStream(src), d);
}

/** ADD of a URL: downloaded to `dest/<name>` or `dest` (0600, Last-Modified as mtime). */
export async function addUrl(rootfs: string, url: string, dest: string, opts: Omit<CopyOptions, "root">, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    throw new TspodError("registry_unreachable", `getting "${url}": ${(err as Error).message}`);
  }
  if (!res.ok) throw new TspodError("no_such_file", `invalid response status ${res.status}`);
  const data = new Uint8Array(await res.arrayBuffer());
  const name = path.posix.basename(new URL(url).pathname) || "index.html";
  const destHost = resolveInRoot(rootfs, dest);
  const isDir = dest.endsWith("/") || (fs.statSync(destHost, { throwIfNoEntry: false })?.isDirectory() ?? false);
  const file = isDir ? path.join(mkdirs(rootfs, dest), name) : (mkdirs(rootfs, path.posix.dirname(dest)), resolveInRoot(rootfs, dest, false));
  fs.writeFileSync(file, data);
  fs.chmodSync(file, opts.chmod ?? 0o600);
  fs.lchownSync(file, opts.owner.uid, opts.owner.gid);
  const lm = res.headers.get("last-modified");
  if (lm && !Number.isNaN(Date.parse(lm))) fs.utimesSync(file, new Date(lm), new Date(lm));
  return createHash("sha256").update(data).digest("hex");
}
