import type { CommandSpec } from "../../command.ts";
import { usageError } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "rename CONTAINER NAME",
  short: "Rename an existing container",
  long: "The podman rename command allows you to rename an existing container",
  examples: ["tspod container rename 3c45ef19d893 newName"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw usageError(`accepts 2 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    await engines.lifecycle.rename(parsed.args[0]!, parsed.args[1]!);
    return 0;
  },
};
