import type { CommandSpec } from "../../command.ts";
import { allFlag, CIDFILE_FLAG, FILTER_FLAG, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "unpause [options] CONTAINER [CONTAINER...]",
  short: "Unpause the processes in one or more containers",
  long: "Unpause the processes in one or more containers (the cgroup freezer).",
  examples: ["tspod unpause mywebserver", "tspod unpause --all"],
  flags: [allFlag("Unpause all paused containers"), CIDFILE_FLAG, FILTER_FLAG, LATEST_FLAG],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.unpause(targets));
  },
};
