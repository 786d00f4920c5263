import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "exists IMAGE",
  short: "Check if an image exists in local storage",
  long: "If the named image exists in local storage, tspod image exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod image exists ID", "tspod image exists IMAGE && tspod pull IMAGE"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    return (await (await ctx.engines()).images.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
