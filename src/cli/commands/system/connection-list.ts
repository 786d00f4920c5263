import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { readDestinations } from "../../../config/service-destinations.ts";

export const command: CommandSpec = {
  use: "list [options]",
  short: "List destination for the tspod service(s)",
  long: "List destination information for the tspod service(s) in containers.conf",
  examples: ["tspod system connection list", "tspod system connection ls", "tspod system connection ls --format=json"],
  flags: [
    { name: "format", short: "f", type: "string", description: "Custom Go template for printing connections" },
    { name: "quiet", short: "q", type: "bool", description: "Custom Go template for printing connections" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length) throw exactError("invalid_argument", `accepts 0 arg(s), received ${parsed.args.length}`);
    const file = readDestinations();
    const rows = file.destinations.map((d) => ({ Name: d.name, URI: d.uri, Identity: d.identity, IsMachine: false, Default: d.name === file.active }));
    ctx.out(
      renderFormat({
        format: bool(parsed.flags, "quiet") ? "{{.Name}}" : str(parsed.flags, "format"),
        rows,
        defaultFormat: "table {{.Name}}\t{{.URI}}\t{{.Identity}}\t{{.Default}}",
        headers: { Name: "Name", URI: "URI", Identity: "Identity", Default: "Default" },
        jsonIndent: 4,
      }),
    );
    return 0;
  },
};
