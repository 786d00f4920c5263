import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";

export const command: CommandSpec = {
  use: "ls [options]",
  short: "List volumes",
  long: "List all available volumes. The output of the volumes can be filtered and the output format can be changed to JSON or a user specified Go template.",
  examples: ["tspod volume ls", "tspod volume ls --filter dangling=true", "tspod volume ls --format \"{{.Name}} {{.Driver}}\""],
  flags: [
    { name: "filter", short: "f", type: "strings", description: "Filter volume output" },
    { name: "format", type: "string", description: "Format volume output using Go template" },
    { name: "noheading", short: "n", type: "bool", description: "Do not print headers" },
    { name: "quiet", short: "q", type: "bool", description: "Print volume output in quiet mode" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length) throw new TspodError("invalid_argument", "too many arguments, ls takes no arguments");
    const f = parsed.flags;
    const rows = await (await ctx.engines()).volumes.list(list(f, "filter"));
    const quiet = bool(f, "quiet");
    let format = str(f, "format");
    if (quiet) format = "{{.Name}}";
    ctx.out(
      renderFormat({
        format,
        rows,
        defaultFormat: "table {{.Driver}}\t{{.Name}}",
        headers: { Name: "VOLUME NAME" },
        noHeading: bool(f, "noheading"),
        jsonIndent: 2,
        name: "list",
      }),
    );
    return 0;
  },
};
