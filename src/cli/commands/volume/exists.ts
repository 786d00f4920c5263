import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "exists VOLUME",
  short: "Check if volume exists",
  long: "If the given volume exists, tspod volume exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod volume exists myvol"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    return (await (await ctx.engines()).volumes.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
