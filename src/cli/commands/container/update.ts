import type { CommandSpec } from "../../command.ts";
import type { ContainerUpdateOptions } from "../../../domain/container-lifecycle-engine.ts";
import { int, str } from "../../flags.ts";
import { usageError } from "./container-targets.ts";

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw usageError(`invalid argument "${value}" for "--${flag}" flag: strconv.ParseFloat: parsing "${value}": invalid syntax`);
  return n;
}

export const command: CommandSpec = {
  use: "update [options] CONTAINER",
  short: "update an existing container",
  long: "Updates the cgroup configuration of a given container",
  examples: ["tspod update --cpus=5 foobar_container"],
  flags: [
    { name: "cpu-period", type: "int", description: "Limit the CPU CFS (Completely Fair Scheduler) period" },
    { name: "cpu-quota", type: "int", description: "Limit the CPU CFS (Completely Fair Scheduler) quota" },
    { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
    { name: "cpus", type: "string", description: "Number of CPUs. The default is 0.000 which means no limit", valueName: "float" },
    { name: "memory", short: "m", type: "string", description: "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))", valueName: "<number>[<unit>]" },
    { name: "memory-swap", type: "string", description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
    { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
    { name: "restart", type: "string", description: "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|\"unless-stopped\")" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const opts: ContainerUpdateOptions = {
      cpus: number(str(f, "cpus"), "cpus"),
      cpuShares: int(f, "cpu-shares"),
      cpuQuota: int(f, "cpu-quota"),
      cpuPeriod: int(f, "cpu-period"),
      memory: str(f, "memory"),
      memorySwap: str(f, "memory-swap"),
      pidsLimit: int(f, "pids-limit"),
      restart: str(f, "restart"),
    };
    const engines = await ctx.engines();
    ctx.out(`${await engines.lifecycle.update(parsed.args[0]!, opts)}\n`);
    return 0;
  },
};
