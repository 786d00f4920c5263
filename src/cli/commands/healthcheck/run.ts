import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "run CONTAINER",
  short: "Run the health check of a container",
  long: "Run the health check of a container",
  examples: ["tspod healthcheck run mywebapp"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    const result = await engines.health.run(parsed.args[0]!);
    if (!result.passed) {
      ctx.out("unhealthy\n");
      return 1;
    }
    return 0;
  },
};
