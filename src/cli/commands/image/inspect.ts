import type { CommandSpec } from "../../command.ts";
import { printInspected } from "../inspect-output.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "inspect [options] IMAGE [IMAGE...]",
  short: "Display the configuration of an image",
  long: "Displays the low-level information of an image identified by name or ID.",
  examples: ["tspod image inspect alpine", "tspod image inspect --format \"{{.Id}}\" alpine"],
  flags: [{ name: "format", short: "f", type: "string", description: "Format the output to a Go template or json", default: "json" }],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const format = str(parsed.flags, "format");
    const engines = await ctx.engines();
    const results = [];
    const errors: Error[] = [];
    for (const name of parsed.args) {
      try {
        results.push(await engines.imageStore.inspect(name));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return printInspected(ctx, format, results, errors);
  },
};
