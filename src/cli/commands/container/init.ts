import type { CommandSpec } from "../../command.ts";
import { allFlag, LATEST_FLAG, printReports, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "init [options] CONTAINER [CONTAINER...]",
  short: "Initialize one or more containers",
  long: "Initialize one or more containers, creating the OCI spec and mounts for inspection. Container names or IDs can be used.",
  examples: ["tspod init 3c45ef19d893", "tspod init test1"],
  flags: [allFlag("Initialize all containers"), LATEST_FLAG],
  async run(ctx, parsed) {
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.init(targets));
  },
};
