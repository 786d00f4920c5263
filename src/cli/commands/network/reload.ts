import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "reload [options] [CONTAINER...]",
  short: "Reload firewall rules for one or more containers",
  long: "reload container networks, recreating firewall rules",
  examples: ["tspod network reload --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Reload network configuration of all containers" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
  ],
  async run(ctx, parsed) {
    const all = bool(parsed.flags, "all");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "--all, --latest or containers must be specified");
    const reports = await (await ctx.engines()).networks.reload(parsed.args, all);
    let failed: Error | undefined;
    for (const r of reports) {
      if (r.error) {
        if (failed) ctx.err(`Error: ${failed.message}\n`);
        failed = r.error;
      } else ctx.out(`${r.id}\n`);
    }
    if (failed) throw failed;
    return 0;
  },
};
