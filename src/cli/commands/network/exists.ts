import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "exists NETWORK",
  short: "Check if network exists",
  long: "If the named network exists, tspod network exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod network exists net1"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    return (await (await ctx.engines()).networks.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
