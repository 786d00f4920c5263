import type { CommandSpec } from "../../command.ts";
import { printInspected } from "../inspect-output.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";
import { targets } from "./latest.ts";

export const command: CommandSpec = {
  use: "inspect [options] CONTAINER [CONTAINER...]",
  short: "Display the configuration of a container",
  long: "Displays the low-level information on a container identified by name or ID.",
  examples: ["tspod container inspect myCtr", "tspod container inspect --format \"{{.State.Status}}\" myCtr"],
  flags: [
    { name: "format", short: "f", type: "string", description: "Format the output to a Go template or json", default: "json" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "size", short: "s", type: "bool", description: "Display total file size" },
    { name: "type", short: "t", type: "string", description: "Specify inspect-object type (\"image\", \"container\" or \"all\")", default: "all" },
  ],
  async run(ctx, parsed) {
    const latest = bool(parsed.flags, "latest");
    if (parsed.args.length === 0 && !latest) throw new TspodError("invalid_argument", "no names or ids specified");
    const format = str(parsed.flags, "format");
    const engines = await ctx.engines();
    const names = await targets(engines, parsed.args, latest);
    const size = bool(parsed.flags, "size");
    const results = [];
    const errors: Error[] = [];
    for (const name of names) {
      try {
        results.push(...(await engines.containers.inspect([name], { size })));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return printInspected(ctx, format, results, errors);
  },
};
