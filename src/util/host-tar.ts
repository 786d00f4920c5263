/**
 * Tar archives of host paths and their extraction on the host, for `cp` in remote mode (the
 * service packs and unpacks the container side). Extraction treats the archive as untrusted:
 * entries may not climb out of the target directory or pass through a symlink, so an archive
 * from a compromised service cannot write elsewhere on the host.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { readTar } from "./tar-reader.ts";
import { buildTar, type TarWriteEntry } from "./tar-writer.ts";

/** `hostPath` as an archive whose top entry is `name` ("" puts a directory's contents at the top). */
export function packHostPath(hostPath: string, name: string): Uint8Array {
  const entries: TarWriteEntry[] = [];
  const walk = (p: string, n: string) => {
    const st = fs.lstatSync(p);
    const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isDirectory()) {
      if (n) entries.push({ ...base, name: `${n}/`, type: "dir" });
      for (const child of fs.readdirSync(p).sort()) walk(path.join(p, child), n ? `${n}/${child}` : child);
    } else if (st.isSymbolicLink()) entries.push({ ...base, name: n, type: "symlink", linkname: fs.readlinkSync(p) });
    else if (st.isFile()) entries.push({ ...base, name: n, type: "file", data: fs.readFileSync(p) });
  };
  walk(hostPath, name);
  return buildTar(entries);
}

function unsafe(name: string): TspodError {
  return new TspodError("unsafe_content", `refusing archive entry ${JSON.stringify(name)}: it leaves the destination`);
}

/** The entry's path components below the destination, or undefined for the archive root itself. */
function components(name: string, rename: string | undefined): string[] | undefined {
  const parts = name.split("/").filter((c) => c !== "" && c !== ".");
  if (parts.some((c) => c === "..")) throw unsafe(name);
  if (parts.length === 0) return undefined;
  if (rename !== undefined) parts[0] = rename;
  return parts;
}

/** Refuses a path whose parent directories (below `dir`) include a symlink. */
function checkParents(dir: string, parts: string[], name: string): void {
  let p = dir;
  for (const c of parts.slice(0, -1)) {
    p = path.join(p, c);
    if (fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) throw unsafe(name);
  }
}

/**
 * Extracts an archive into `dir`; `rename` replaces the name of its top entry. With `keepOwner`
 * files keep the archive's uid/gid (`cp -a`), otherwise they belong to the user running cp.
 */
export async function unpackToHost(source: AsyncIterable<Uint8Array>, dir: string, opts: { rename?: string; keepOwner: boolean }): Promise<void> {
  for await (const { header: h, body } of readTar(source)) {
    const parts = components(h.name, opts.rename);
    if (!parts) continue;
    checkParents(dir, parts, h.name);
    const target = path.join(dir, ...parts);
    const existing = fs.lstatSync(target, { throwIfNoEntry: false });
    if (h.type === "dir") {
      if (existing && !existing.isDirectory()) fs.rmSync(target, { force: true });
      fs.mkdirSync(target, { recursive: true });
    } else {
      if (existing?.isDirectory()) throw new TspodError("invalid_argument", `cannot overwrite directory "${target}" with non-directory`);
      if (existing) fs.rmSync(target, { force: true });
      if (h.type === "file") {
        const fd = fs.openSync(target, "wx", 0o600);
        try {
          for await (const chunk of body) fs.writeSync(fd, chunk);
        } finally {
          fs.closeSync(fd);
        }
      } else if (h.type === "symlink") fs.symlinkSync(h.linkname, target);
      else continue; // devices, fifos and hard links are not copied to the host
    }
    if (h.type !== "symlink") fs.chmodSync(target, h.mode & 0o7777);
    if (opts.keepOwner) fs.lchownSync(target, h.uid, h.gid);
    if (h.type !== "symlink") fs.utimesSync(target, h.mtime, h.mtime);
  }
}
