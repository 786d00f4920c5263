import type { CommandSpec } from "../../command.ts";
import { bool, list } from "../../flags.ts";
import { readStdinText } from "../../read-stdin.ts";

export const command: CommandSpec = {
  use: "prune [options]",
  short: "Prune unused networks",
  long: "Prune unused networks",
  examples: ["tspod network prune"],
  flags: [
    { name: "filter", type: "strings", description: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: "force", short: "f", type: "bool", description: "do not prompt for confirmation" },
  ],
  async run(ctx, parsed) {
    if (!bool(parsed.flags, "force")) {
      ctx.out("WARNING! This will remove all networks not used by at least one container.\nAre you sure you want to continue? [y/N] ");
      const answer = (await readStdinText()).split("\n")[0]!.trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") return 0;
    }
    for (const n of await (await ctx.engines()).networks.prune(list(parsed.flags, "filter"))) ctx.out(`${n}\n`);
    return 0;
  },
};
