import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "rm [options] SECRET [SECRET...]",
  short: "Remove one or more secrets",
  long: "Removes one or more secrets.",
  examples: ["tspod secret rm mysecret1 mysecret2", "tspod secret rm --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all secrets" },
    { name: "ignore", short: "i", type: "bool", description: "Ignore errors when a specified secret is missing" },
  ],
  async run(ctx, parsed) {
    const all = bool(parsed.flags, "all");
    if (all && parsed.args.length) throw new TspodError("invalid_argument", "when using the --all switch, you may not pass any secret names or IDs");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const reports = await (await ctx.engines()).secrets.remove(parsed.args, { all, ignore: bool(parsed.flags, "ignore") });
    let last: Error | undefined;
    for (const r of reports) {
      if (r.error) {
        if (last) ctx.err(`Error: ${last.message}\n`);
        last = r.error;
      } else ctx.out(`${r.id}\n`);
    }
    if (last) throw last;
    return 0;
  },
};
