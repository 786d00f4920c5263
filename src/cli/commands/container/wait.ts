import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "wait [options] CONTAINER [CONTAINER...]",
  short: "Block on one or more containers",
  long: "Block until one or more containers stop and then print their exit codes.",
  examples: ["tspod wait ctrID", "tspod wait ctrID1 ctrID2"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "at least one container name or ID must be specified");
    const engines = await ctx.engines();
    for (const name of parsed.args) {
      const [code] = await engines.containers.wait([name]);
      ctx.out(`${code}\n`);
    }
    return 0;
  },
};
