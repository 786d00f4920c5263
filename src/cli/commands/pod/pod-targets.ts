/**
 * What the pod lifecycle commands share: the flags that pick pods (--all, --latest,
 * --pod-id-file, --ignore) and printing reports the way Podman does (each pod's id on stdout,
 * earlier errors on stderr, the last one as the command's error).
 */
import fs from "node:fs";
import type { CliContext } from "../../cli-context.ts";
import type { PodAction, PodActionOptions, PodReport, PodTargets } from "../../../domain/pod-engine.ts";
import { bool, list, type FlagSpec, type ParsedArgs } from "../../flags.ts";
import type { CommandSpec } from "../../command.ts";
import { usageError } from "../container/container-targets.ts";

export function podTargetFlags(verb: string, ignore = false): FlagSpec[] {
  return [
    { name: "all", short: "a", type: "bool", description: `${verb} all pods` },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" },
    { name: "pod-id-file", type: "strings", description: "Read the pod ID from the file" },
    ...(ignore ? [{ name: "ignore", short: "i", type: "bool" as const, description: "Ignore errors when a specified pod is missing" }] : []),
  ];
}

export async function resolvePodTargets(ctx: CliContext, parsed: ParsedArgs): Promise<PodTargets> {
  const f = parsed.flags;
  const ignore = bool(f, "ignore");
  const ids: string[] = [];
  for (const file of list(f, "pod-id-file")) {
    try {
      ids.push(fs.readFileSync(file, "utf8").trim());
    } catch {
      if (ignore) continue;
      throw usageError(`reading pod ID file: open ${file}: no such file or directory`);
    }
  }
  const names = [...parsed.args, ...ids];
  const all = bool(f, "all");
  if (bool(f, "latest")) {
    if (names.length > 0 || all) throw usageError("--all, --latest and pods cannot be used together");
    const pods = await (await ctx.engines()).pods.list({ filters: [] });
    const last = pods[pods.length - 1];
    if (!last) throw usageError("no pods to act on");
    return { nameOrIds: [last.Id] };
  }
  if (all && names.length > 0) throw usageError("--all and pods cannot be used together");
  if (!all && names.length === 0 && list(f, "pod-id-file").length === 0) throw usageError("you must provide at least one name or id");
  return { nameOrIds: names, all, ignore };
}

/** Prints each pod's id; returns the last failure to throw (earlier ones go to stderr). */
export function printPodReports(ctx: CliContext, reports: PodReport[]): number {
  let failed: Error | undefined;
  for (const r of reports) {
    if (r.error) {
      if (failed) ctx.err(`Error: ${failed.message}\n`);
      failed = r.error;
    } else ctx.out(`${r.id}\n`);
  }
  if (failed) throw failed;
  return 0;
}

/** A pod command that runs one action on its targets (start, pause, unpause…). */
export function podActionCommand(action: PodAction, spec: Omit<CommandSpec, "run">, options: (parsed: ParsedArgs) => PodActionOptions = () => ({})): CommandSpec {
  return {
    ...spec,
    async run(ctx, parsed) {
      const targets = await resolvePodTargets(ctx, parsed);
      const engines = await ctx.engines();
      return printPodReports(ctx, await engines.pods.act(action, targets, options(parsed)));
    },
  };
}
