/**
 * What the lifecycle commands share: the flags that pick containers (--all, --latest,
 * --cidfile, --filter, --ignore), turning them into ContainerTargets, and printing reports the
 * way Podman does (each success on stdout, earlier errors on stderr, the last one as the error).
 */
import fs from "node:fs";
import type { CliContext } from "../../cli-context.ts";
import type { Engines } from "../../../domain/engines.ts";
import type { ContainerTargets, LifecycleReport } from "../../../domain/container-lifecycle-engine.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, type FlagSpec, type ParsedArgs } from "../../flags.ts";

export const LATEST_FLAG: FlagSpec = { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" };
export const CIDFILE_FLAG: FlagSpec = { name: "cidfile", type: "strings", description: "Read the container ID from the file" };
export const FILTER_FLAG: FlagSpec = { name: "filter", short: "f", type: "strings", description: "Filter output based on conditions given" };
export const IGNORE_FLAG: FlagSpec = { name: "ignore", short: "i", type: "bool", description: "Ignore errors when a specified container is missing" };

export function allFlag(description: string, short: string | undefined = "a"): FlagSpec {
  return { name: "all", short, type: "bool", description };
}

export function timeFlag(): FlagSpec {
  return { name: "time", short: "t", type: "int", description: "Seconds to wait for stop before killing the container", default: 10 };
}

export function usageError(message: string): TspodError {
  const err = new TspodError("invalid_argument", message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}

/** Reads `--cidfile` files (a missing one is skipped with --ignore). */
function readCidFiles(files: string[], ignore: boolean): string[] {
  const ids: string[] = [];
  for (const f of files) {
    try {
      ids.push(fs.readFileSync(f, "utf8").trim());
    } catch (err) {
      if (ignore && (err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw usageError(`reading CIDFile: open ${f}: no such file or directory`);
    }
  }
  return ids;
}

export async function resolveTargets(ctx: CliContext, parsed: ParsedArgs, engines: () => Promise<Engines>, missing = "you must provide at least one name or id"): Promise<ContainerTargets> {
  const f = parsed.flags;
  const all = bool(f, "all");
  const latest = bool(f, "latest");
  const ignore = bool(f, "ignore");
  const filters = list(f, "filter");
  const names = [...parsed.args, ...readCidFiles(list(f, "cidfile"), ignore)];
  if (all && names.length > 0) throw usageError("no arguments are needed with --all");
  if (latest && names.length > 0) throw usageError("--latest and containers cannot be used together");
  if (latest) {
    const [last] = await (await engines()).containers.list({ all: true, last: 1 });
    if (!last) throw usageError("no containers to act on");
    return { nameOrIds: [last.Id], ignore };
  }
  if (!all && names.length === 0 && filters.length === 0 && !(ignore && list(f, "cidfile").length > 0)) throw usageError(missing);
  void ctx;
  return { nameOrIds: names, all, filters, ignore };
}

/** Prints each success (`requested`, or the id with --all/--filter); returns the last failure to throw. */
export function printReports(ctx: CliContext, reports: LifecycleReport[], show: (r: LifecycleReport) => string = (r) => r.requested): number {
  let failed: Error | undefined;
  for (const r of reports) {
    if (r.error) {
      if (failed) ctx.err(`Error: ${failed.message}\n`);
      failed = r.error;
    } else ctx.out(`${show(r)}\n`);
  }
  if (failed) throw failed;
  return 0;
}
