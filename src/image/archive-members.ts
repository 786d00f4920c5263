/**
 * The members of an (untrusted) archive, by normalised name. A tar archive (plain, gzip or zstd)
 * is read once; each regular file lands in a private temp dir under a numbered name, so no member
 * name ever becomes a host path. Symlinks and hardlinks are resolved inside the archive and
 * refused when they point outside it. A directory layout is looked up with the same rules.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { openDecompressed } from "../storage/decompress.ts";
import { readTar } from "../util/tar-reader.ts";

export interface ArchiveMembers {
  /** The host path of member `name` (a regular file), or undefined when absent. */
  file(name: string): string | undefined;
  has(name: string): boolean;
}

function unsafe(msg: string): TspodError {
  return new TspodError("unsafe_content", msg);
}

/** `a/./b//c` → `a/b/c`; refuses absolute names, `..` and NUL. */
export function normaliseMemberName(name: string, what = "archive member"): string {
  if (name.includes("\0")) throw unsafe(`${what} ${JSON.stringify(name)} contains a NUL byte`);
  if (name.startsWith("/")) throw unsafe(`${what} ${JSON.stringify(name)} is an absolute path`);
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw unsafe(`${what} ${JSON.stringify(name)} contains ".." and would escape the archive`);
  return parts.join("/");
}

/** Resolves a symlink target relative to the link's directory, inside the archive. */
function resolveLink(linkName: string, target: string): string {
  if (target.startsWith("/")) throw unsafe(`archive symlink ${JSON.stringify(linkName)} points to the absolute path ${JSON.stringify(target)}`);
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(linkName), target));
  if (joined === ".." || joined.startsWith("../") || joined.startsWith("/")) {
    throw unsafe(`archive symlink ${JSON.stringify(linkName)} points outside the archive (${JSON.stringify(target)})`);
  }
  return joined;
}

/** Reads all members of `archive` into `workDir` (which the caller removes). */
export async function readArchiveMembers(archive: string, workDir: string, signal?: AbortSignal): Promise<ArchiveMembers> {
  const files = new Map<string, string>();
  const links = new Map<string, string>();
  let n = 0;
  fs.mkdirSync(workDir, { recursive: true });
  for await (const entry of readTar(openDecompressed(archive, signal))) {
    signal?.throwIfAborted();
    const h = entry.header;
    const name = normaliseMemberName(h.name);
    if (h.type === "dir") continue;
    if (!name) throw unsafe(`archive member ${JSON.stringify(h.name)} has an empty name`);
    if (files.has(name) || links.has(name)) throw unsafe(`archive member ${JSON.stringify(name)} appears twice`);
    if (h.type === "symlink") {
      links.set(name, resolveLink(name, h.linkname));
      continue;
    }
    if (h.type === "hardlink") {
      links.set(name, normaliseMemberName(h.linkname, "archive hardlink target"));
      continue;
    }
    if (h.type !== "file") throw unsafe(`archive member ${JSON.stringify(h.name)} is a ${h.type}, not a file`);
    const dest = path.join(workDir, String(n++));
    const fd = fs.openSync(dest, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      for await (const c of entry.body) {
        let off = 0;
        while (off < c.length) off += fs.writeSync(fd, c, off, c.length - off);
      }
    } finally {
      fs.closeSync(fd);
    }
    files.set(name, dest);
  }
  const lookup = (name: string, depth = 0): string | undefined => {
    if (depth > 16) throw unsafe(`archive member ${JSON.stringify(name)}: too many levels of links`);
    const f = files.get(name);
    if (f) return f;
    const l = links.get(name);
    return l === undefined ? undefined : lookup(l, depth + 1);
  };
  return {
    file: (name) => lookup(normaliseMemberName(name, "archive reference")),
    has: (name) => lookup(normaliseMemberName(name, "archive reference")) !== undefined,
  };
}

/** Members of a directory layout (`oci:DIR`, `dir:DIR`): regular files only, never through symlinks. */
export function directoryMembers(dir: string): ArchiveMembers {
  const file = (name: string): string | undefined => {
    const rel = normaliseMemberName(name, "layout reference");
    let cur = dir;
    for (const part of rel.split("/")) {
      cur = path.join(cur, part);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(cur);
      } catch {
        return undefined;
      }
      if (st.isSymbolicLink()) throw unsafe(`layout file ${JSON.stringify(name)} is reached through a symlink`);
    }
    return fs.statSync(cur).isFile() ? cur : undefined;
  };
  return { file, has: (name) => file(name) !== undefined };
}
