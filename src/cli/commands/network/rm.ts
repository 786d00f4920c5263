import type { CommandSpec } from "../../command.ts";
import { exactError, isErrorCode } from "../../../errors/tspod-error.ts";
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
    if (parsed.args.length === 0) throw exactError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const reports = await (await ctx.engines()).networks.remove(parsed.args, bool(parsed.flags, "force"), int(parsed.flags, "time"));
    // Podman: a network in use aborts the command (exit 2) and only that error is shown;
    // otherwise the removed names, then the errors (exit 1 for a missing network).
    const inUse = reports.find((r) => isErrorCode(r.error, "network_in_use"));
    if (inUse) {
      ctx.err(`Error: ${inUse.error!.message}\n`);
      return 2;
    }
    let code = 0;
    for (const r of reports) if (!r.error) ctx.out(`${r.name}\n`);
    for (const r of reports) {
      if (!r.error) continue;
      ctx.err(`Error: ${r.error.message}\n`);
      code = isErrorCode(r.error, "no_such_network") ? 1 : code || 125;
    }
    if (code) return code;
    return 0;
  },
};
