import type { CommandSpec } from "../../command.ts";
import { usageError } from "../container/container-targets.ts";

export const command: CommandSpec = {
  use: "exists POD",
  short: "Check if a pod exists in local storage",
  long: "If the named pod exists in local storage, tspod pod exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod pod exists podID", "tspod pod exists mypod || tspod pod create --name mypod"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    return (await engines.pods.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
