import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "exists SECRET",
  short: "Check if a secret exists in local storage",
  long: "If the named secret exists in local storage, tspod secret exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod secret exists mysecret"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    return (await (await ctx.engines()).secrets.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
