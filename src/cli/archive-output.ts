/**
 * Where `export`-style commands write a tar stream: to the file named by `--output` (written to a
 * temp file and renamed, so a failed export leaves no partial archive) or else to stdout.
 */
import fs from "node:fs";
import type { CliContext } from "./cli-context.ts";

export async function writeArchiveOutput(ctx: CliContext, output: string | undefined, produce: (sink: (chunk: Uint8Array) => void) => Promise<void>): Promise<void> {
  if (!output) {
    await produce((chunk) => ctx.out(chunk));
    return;
  }
  const tmp = `${output}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w", 0o644);
  try {
    await produce((chunk) => void fs.writeSync(fd, chunk));
    fs.closeSync(fd);
    fs.renameSync(tmp, output);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
