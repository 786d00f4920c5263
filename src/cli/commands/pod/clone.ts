import type { CommandSpec } from "../../command.ts";
import { bool, parseArgs, str, type ParsedArgs } from "../../flags.ts";
import { usageError } from "../container/container-targets.ts";
import type { PodCreateOptions } from "../../../domain/pod-engine.ts";
import { command as create, podCreateOptions } from "./create.ts";

/** The `pod create` flags `pod clone` takes (Podman's list). */
const CLONE_CREATE_FLAGS = new Set([
  "blkio-weight", "blkio-weight-device", "cgroup-parent", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "device", "device-read-bps", "device-write-bps",
  "gidmap", "hostname", "infra-command", "infra-conmon-pidfile", "infra-name", "label", "label-file", "memory", "memory-swap", "pid", "security-opt", "shm-size",
  "subgidname", "subuidname", "sysctl", "uidmap", "userns", "uts", "volume", "volumes-from",
]);
const CREATE_SPECS = (create.flags ?? []).filter((f) => CLONE_CREATE_FLAGS.has(f.name));

/** The create options the user gave to clone (only flags they set replace the source pod's settings). */
function overrides(parsed: ParsedArgs): Partial<PodCreateOptions> {
  const given = podCreateOptions({ ...parsed, args: [], flags: { ...parsed.flags, name: undefined } });
  const defaults = podCreateOptions(parseArgs([], CREATE_SPECS));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key === "name" || JSON.stringify(value) === JSON.stringify((defaults as unknown as Record<string, unknown>)[key])) continue;
    out[key] = value;
  }
  return out as Partial<PodCreateOptions>;
}

export const command: CommandSpec = {
  use: "clone [options] POD [NAME]",
  short: "Clone an existing pod",
  long: "Create a copy of a pod and the containers within it: a new infra container and a clone of each member (named NAME-clone). `pod create` flags replace the source's settings.",
  examples: ["tspod pod clone mypod", "tspod pod clone --name copy --start mypod", "tspod pod clone --destroy mypod renamed", "tspod pod clone --memory 100m mypod bigger"],
  flags: [
    ...CREATE_SPECS,
    { name: "destroy", type: "bool", description: "destroy the original pod" },
    { name: "name", short: "n", type: "string", description: "name the new pod" },
    { name: "start", type: "bool", description: "start the new pod" },
  ],
  async run(ctx, parsed) {
    const [source, positionalName] = parsed.args;
    if (!source) throw usageError("requires at least 1 arg(s), only received 0");
    if (parsed.args.length > 2) throw usageError(`accepts at most 2 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    const { id } = await engines.pods.clone(source, {
      name: str(parsed.flags, "name") ?? positionalName,
      destroy: bool(parsed.flags, "destroy"),
      start: bool(parsed.flags, "start"),
      overrides: overrides(parsed),
    });
    ctx.out(`${id}\n`);
    return 0;
  },
};
