import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "cleanup [options] CONTAINER [CONTAINER...]",
  short: "Clean up network and mountpoints of one or more containers",
  long: "Cleans up mount points and network stacks on one or more containers from the host. conmon runs it when a container exits.",
  examples: ["tspod container cleanup ctrID"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "at least one container name or ID must be specified");
    const engines = await ctx.engines();
    for (const name of parsed.args) await engines.containers.cleanup(name);
    return 0;
  },
};
