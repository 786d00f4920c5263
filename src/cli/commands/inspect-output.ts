/**
 * How every `inspect` prints: the objects found as one JSON array (or a template per object),
 * then the errors of the names not found; the last error decides the exit code.
 */
import type { CliContext } from "../cli-context.ts";
import { isJsonFormat, renderSingle } from "../format/output.ts";

export function printInspected(ctx: CliContext, format: string | undefined, results: unknown[], errors: Error[], jsonIndent: number = 4): number {
  if (isJsonFormat(format)) ctx.out(renderSingle(undefined, results, true, { jsonIndent }));
  else for (const r of results) ctx.out(renderSingle(format, r, false));
  const last = errors.at(-1);
  for (const e of errors.slice(0, -1)) ctx.err(`Error: ${e.message}\n`);
  if (last) throw last;
  return 0;
}
