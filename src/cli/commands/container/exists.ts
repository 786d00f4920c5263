import type { CommandSpec } from "../../command.ts";
import { usageError } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "exists [options] CONTAINER",
  short: "Check if a container exists in local storage",
  long: "If the named container exists in local storage, tspod container exists exits with 0, otherwise the exit code will be 1.",
  examples: ["tspod container exists --external containerID", "tspod container exists myctr || tspod run --name myctr [etc...]"],
  flags: [{ name: "external", type: "bool", description: "Check external storage containers as well as tspod containers" }],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    return (await engines.lifecycle.exists(parsed.args[0]!)) ? 0 : 1;
  },
};
