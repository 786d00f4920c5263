/** Writing an archive file atomically (temp file beside it, renamed on success) and staging input. */
import { processAlive } from "../util/process-alive.ts";
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { fdWriter, type ChunkWriter } from "./archive-sink.ts";

export async function writeArchiveFile(target: string, produce: (write: ChunkWriter) => Promise<void>): Promise<void> {
  const abs = path.resolve(target);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
  try {
    await produce(fdWriter(fd));
    fs.closeSync(fd); // no fsync: an archive is an export, not store state (Podman does not sync either)
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.renameSync(tmp, abs);
}

/** Copies a stream (stdin, a download) into `file`. */
export async function stageToFile(source: AsyncIterable<Uint8Array>, file: string, signal?: AbortSignal): Promise<void> {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    const write = fdWriter(fd);
    for await (const c of source) {
      signal?.throwIfAborted();
      await write(c);
    }
  } finally {
    fs.closeSync(fd);
  }
}


/**
 * A private temp dir for staging archive content, inside the store (same filesystem), named
 * `<prefix>-<pid>-…`. Dirs left by killed tspod processes (pid gone) are removed on the way.
 */
export function storeTempDir(root: string, prefix: string): string {
  const base = path.join(root, "tmp");
  fs.mkdirSync(base, { recursive: true });
  for (const e of fs.readdirSync(base)) {
    const m = /^[a-z]+-(\d+)-/.exec(e);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) fs.rmSync(path.join(base, e), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(base, `${prefix}-${process.pid}-`));
}

/** Podman's exact text for a missing input (`open PATH: no such file or directory`). */
export function missingFile(what: string): TspodError {
  const err = new TspodError("no_such_object");
  Object.defineProperty(err, "message", { value: `${what}: no such file or directory` });
  return err;
}
