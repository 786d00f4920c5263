import type { CommandSpec } from "../../command.ts";
import { CREATE_FLAGS, createOptionsFromFlags } from "./create-flags.ts";

export const command: CommandSpec = {
  use: "create [options] IMAGE [COMMAND [ARG...]]",
  short: "Create but do not start a container",
  long: "Creates a new container from the given image, but does not start it",
  examples: ["tspod create alpine ls", "tspod create --name web busybox httpd -f"],
  flags: CREATE_FLAGS,
  stopAtFirstArg: true,
  async run(ctx, parsed) {
    const opts = createOptionsFromFlags(parsed, true);
    const engines = await ctx.engines();
    const { id } = await engines.containers.create(opts, (line) => ctx.err(`${line}\n`));
    ctx.out(`${id}\n`);
    return 0;
  },
};
