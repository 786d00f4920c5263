import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";
import { isJsonFormat, renderSingle } from "../../format/output.ts";

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
    if (isJsonFormat(format)) ctx.out(renderSingle(undefined, results, true, { jsonIndent: 4 }));
    else for (const r of results) ctx.out(renderSingle(format, r, false));
    const last = errors.pop();
    for (const e of errors) ctx.err(`Error: ${e.message}\n`);
    if (last) throw last;
    return 0;
  },
};
