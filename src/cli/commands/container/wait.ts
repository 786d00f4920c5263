import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { LATEST_FLAG, usageError } from "./container-targets.ts";

/** Go durations as Podman's --interval takes them ("250ms", "1s", "1m"); a bare number is ms. */
function intervalMs(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(value);
  if (!m) throw usageError(`time: invalid duration "${value}"`);
  const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
  return Math.max(1, Number(m[1]) * unit);
}

export const command: CommandSpec = {
  use: "wait [options] CONTAINER [CONTAINER...]",
  short: "Block on one or more containers",
  long: "Block until one or more containers stop and then print their exit codes.",
  examples: ["tspod wait --interval 5s ctrID", "tspod wait ctrID1 ctrID2", "tspod wait --condition running ctrID"],
  flags: [
    { name: "condition", type: "strings", description: "Condition to wait on" },
    { name: "interval", short: "i", type: "string", description: "Time Interval to wait before polling for completion", default: "250ms" },
    LATEST_FLAG,
  ],
  async run(ctx, parsed) {
    const engines = await ctx.engines();
    let names = parsed.args;
    if (bool(parsed.flags, "latest")) {
      const [last] = await engines.containers.list({ all: true, last: 1 });
      names = last ? [last.Id] : [];
    }
    if (names.length === 0) throw usageError(`"tspod wait" requires a name, id, or the "--latest" flag`);
    const conditions = list(parsed.flags, "condition").flatMap((c) => c.split(",")).filter(Boolean);
    const interval = intervalMs(str(parsed.flags, "interval") ?? "250ms");
    let failure: Error | undefined;
    for (const name of names) {
      try {
        const [code] = await engines.lifecycle.waitCondition([name], conditions, interval);
        ctx.out(`${code}\n`);
      } catch (err) {
        if (failure) ctx.err(`Error: ${failure.message}\n`);
        failure = err as Error;
      }
    }
    if (failure) throw failure;
    return 0;
  },
};
