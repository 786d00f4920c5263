import type { CommandSpec } from "../../command.ts";
import { str } from "../../flags.ts";
import { allFlag, CIDFILE_FLAG, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "kill [options] CONTAINER [CONTAINER...]",
  short: "Kill one or more running containers with a specific signal",
  long: "The main process inside each container specified will be sent SIGKILL, or any signal specified with option --signal.",
  examples: ["tspod kill mywebserver", "tspod kill 860a4b23", "tspod kill --signal TERM ctrID"],
  flags: [
    allFlag("Signal all running containers"),
    CIDFILE_FLAG,
    LATEST_FLAG,
    { name: "signal", short: "s", type: "string", description: "Signal to send to the container", default: "KILL" },
  ],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.kill(targets, str(parsed.flags, "signal") ?? "KILL"));
  },
};
