import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "start [options] CONTAINER [CONTAINER...]",
  short: "Start one or more containers",
  long: "Starts one or more containers. The container name or ID can be used.",
  examples: ["tspod start 860a4b231279 5421ab43b45", "tspod start --latest"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "start requires at least one argument");
    const engines = await ctx.engines();
    let failed = false;
    for (const name of parsed.args) {
      try {
        await engines.containers.start([name]);
        ctx.out(`${name}\n`);
      } catch (err) {
        failed = true;
        ctx.err(`Error: ${(err as Error).message}\n`);
      }
    }
    return failed ? 125 : 0;
  },
};
