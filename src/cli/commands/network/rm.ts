import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, int } from "../../flags.ts";

export const command: CommandSpec = {
  use: "rm [options] NETWORK [NETWORK...]",
  short: "Remove networks",
  long: "Remove networks",
  examples: ["tspod network rm tspod"],
  flags: [
    { name: "force", short: "f", type: "bool", description: "remove any containers using network" },
    { name: "time", short: "t", type: "int", description: "Seconds to wait for running containers to stop before killing the container" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const reports = await (await ctx.engines()).networks.remove(parsed.args, bool(parsed.flags, "force"), int(parsed.flags, "time"));
    let failed: Error | undefined;
    for (const r of reports) {
      if (r.error) {
        if (failed) ctx.err(`Error: ${failed.message}\n`);
        failed = r.error;
      } else ctx.out(`${r.name}\n`);
    }
    if (failed) throw failed;
    return 0;
  },
};
