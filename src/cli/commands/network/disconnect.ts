import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "disconnect [options] NETWORK CONTAINER",
  short: "Disconnect a container from a network",
  long: "Remove container from a network",
  examples: ["tspod network disconnect web secondary"],
  flags: [{ name: "force", short: "f", type: "bool", description: "force removal of container from network" }],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw exactError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    await (await ctx.engines()).networks.disconnect(parsed.args[0]!, parsed.args[1]!, bool(parsed.flags, "force"));
    return 0;
  },
};
