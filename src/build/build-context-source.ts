/**
 * The build context argument: a directory, a local tarball (unpacked into a temp dir), or an
 * http(s) URL (a tarball is unpacked; anything else is taken as the Containerfile itself).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { extractTar } from "../storage/tar-extract.ts";
import { decompressStream } from "../storage/decompress.ts";
import { isTarArchive } from "./build-copy.ts";

export interface ContextSource {
  dir: string;
  /** A Containerfile fetched as the URL context itself. */
  containerfileText?: string;
  /** Removes a temp dir made for the context. */
  cleanup(): void;
}

async function unpack(file: string, dir: string): Promise<void> {
  const src = (async function* () {
    yield new Uint8Array(fs.readFileSync(file));
  })();
  await extractTar(decompressStream(src), dir, { chown: false, mknod: false });
}

export async function openContext(arg: string, tmpRoot: string = os.tmpdir(), signal?: AbortSignal): Promise<ContextSource> {
  const none = () => {};
  if (/^https?:\/\//.test(arg)) {
    const dir = fs.mkdtempSync(path.join(tmpRoot, "tspod-build-context-"));
    const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
      const res = await fetch(arg, { signal });
      if (!res.ok) throw new TspodError("no_such_file", `downloading build context ${arg}: invalid response status ${res.status}`);
      const file = path.join(dir, ".context-download");
      fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      const ctx = path.join(dir, "ctx");
      fs.mkdirSync(ctx);
      if (await isTarArchive(file)) {
        await unpack(file, ctx);
        return { dir: ctx, cleanup };
      }
      return { dir: ctx, containerfileText: fs.readFileSync(file, "utf8"), cleanup };
    } catch (err) {
      cleanup();
      throw err;
    }
  }
  const st = fs.statSync(arg, { throwIfNoEntry: false });
  if (!st) throw new TspodError("no_such_file", `stat ${path.resolve(arg)}: no such file or directory`);
  if (st.isDirectory()) return { dir: path.resolve(arg), cleanup: none };
  if (!(await isTarArchive(arg))) throw new TspodError("invalid_argument", `context ${arg} is neither a directory nor a tar archive`);
  const dir = fs.mkdtempSync(path.join(tmpRoot, "tspod-build-context-"));
  try {
    await unpack(arg, dir);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
