import type { CommandSpec } from "../../command.ts";
import { int } from "../../flags.ts";
import { allFlag, CIDFILE_FLAG, FILTER_FLAG, IGNORE_FLAG, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "stop [options] CONTAINER [CONTAINER...]",
  short: "Stop one or more containers",
  long: "Stops one or more running containers. The container name or ID can be used. A timeout to forcibly stop the container can also be set but defaults to 10 seconds otherwise.",
  examples: ["tspod stop ctrID", "tspod stop --time 2 mywebserver 6e534f14da9d", "tspod stop --all"],
  flags: [
    allFlag("Stop all running containers"),
    CIDFILE_FLAG,
    FILTER_FLAG,
    IGNORE_FLAG,
    LATEST_FLAG,
    { name: "time", short: "t", type: "int", description: "Seconds to wait for stop before killing the container (default 10)" },
  ],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.stop(targets, int(parsed.flags, "time")));
  },
};
