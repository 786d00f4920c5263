import type { CommandSpec } from "../../command.ts";
import { printInspected } from "../inspect-output.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "inspect [options] VOLUME [VOLUME...]",
  short: "Display detailed information on one or more volumes",
  long: "Display detailed information on one or more volumes.",
  examples: ["tspod volume inspect myvol", "tspod volume inspect --all", "tspod volume inspect --format \"{{.Driver}} {{.Scope}}\" myvol"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Inspect all volumes" },
    { name: "format", short: "f", type: "string", description: "Format volume output using Go template", default: "json" },
  ],
  async run(ctx, parsed) {
    const all = bool(parsed.flags, "all");
    if (all && parsed.args.length) throw new TspodError("invalid_argument", "provide either a volume name or --all");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "provide one or more volume names or use --all");
    const engines = await ctx.engines();
    const results = [];
    const errors: Error[] = [];
    if (all) results.push(...(await engines.volumes.list([])));
    for (const name of parsed.args) {
      try {
        results.push(await engines.volumes.inspect(name));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    // Podman indents `volume inspect` JSON by five spaces
    return printInspected(ctx, str(parsed.flags, "format"), results, errors, 5);
  },
};
