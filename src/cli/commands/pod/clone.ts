import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { usageError } from "../container/container-targets.ts";

export const command: CommandSpec = {
  use: "clone [options] POD [NAME]",
  short: "Clone an existing pod",
  long: "Create a pod with the same settings as an existing one (a new infra container; members are not copied).",
  examples: ["tspod pod clone mypod", "tspod pod clone --name copy --start mypod", "tspod pod clone --destroy mypod renamed"],
  flags: [
    { name: "destroy", type: "bool", description: "destroy the original pod" },
    { name: "name", short: "n", type: "string", description: "name the new pod" },
    { name: "start", type: "bool", description: "start the new pod" },
  ],
  async run(ctx, parsed) {
    const [source, positionalName] = parsed.args;
    if (!source) throw usageError("requires at least 1 arg(s), only received 0");
    if (parsed.args.length > 2) throw usageError(`accepts at most 2 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    const { id } = await engines.pods.clone(source, { name: str(parsed.flags, "name") ?? positionalName, destroy: bool(parsed.flags, "destroy"), start: bool(parsed.flags, "start") });
    ctx.out(`${id}\n`);
    return 0;
  },
};
