import type { CommandSpec } from "../../command.ts";
import { allFlag, CIDFILE_FLAG, FILTER_FLAG, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "pause [options] CONTAINER [CONTAINER...]",
  short: "Pause all the processes in one or more containers",
  long: "Pause all the processes in one or more containers (the cgroup freezer).",
  examples: ["tspod pause mywebserver", "tspod pause --all"],
  flags: [allFlag("Pause all running containers"), CIDFILE_FLAG, FILTER_FLAG, LATEST_FLAG],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.pause(targets));
  },
};
