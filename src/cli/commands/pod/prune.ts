import type { CommandSpec } from "../../command.ts";
import { bool } from "../../flags.ts";
import { readAnswer } from "../container/prune.ts";
import { printPodReports } from "./pod-targets.ts";

export const command: CommandSpec = {
  use: "prune [options]",
  short: "Remove all stopped pods and their containers",
  long: "tspod pod prune removes all exited pods",
  examples: ["tspod pod prune", "tspod pod prune -f"],
  flags: [{ name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation.  The default is false" }],
  async run(ctx, parsed) {
    if (!bool(parsed.flags, "force")) {
      ctx.out("WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
      if (!/^y(es)?$/i.test(readAnswer())) return 0;
    }
    const engines = await ctx.engines();
    return printPodReports(ctx, await engines.pods.prune());
  },
};
