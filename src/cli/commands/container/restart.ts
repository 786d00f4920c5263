import type { CommandSpec } from "../../command.ts";
import { bool, int } from "../../flags.ts";
import { allFlag, CIDFILE_FLAG, FILTER_FLAG, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "restart [options] CONTAINER [CONTAINER...]",
  short: "Restart one or more containers",
  long: "Restarts one or more running containers. The container ID or name can be used. A timeout before forcibly stopping can be set, but defaults to 10 seconds.",
  examples: ["tspod restart -l", "tspod restart ctrID1 ctrID2"],
  flags: [
    allFlag("Restart all non-running containers"),
    CIDFILE_FLAG,
    FILTER_FLAG,
    LATEST_FLAG,
    { name: "running", type: "bool", description: "Restart only running containers" },
    { name: "time", short: "t", type: "int", description: "Seconds to wait for stop before killing the container (default 10)" },
  ],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.restart(targets, int(parsed.flags, "time"), bool(parsed.flags, "running")));
  },
};
