import type { CommandSpec } from "../../command.ts";
import { bool, int, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import type { ContainerListEntry } from "../../../define/container-types.ts";

/** The row a `--format` template sees (Podman's ps template fields). */
function templateRow(c: ContainerListEntry, noTrunc: boolean) {
  return {
    ...c,
    ID: noTrunc ? c.Id : c.Id.slice(0, 12),
    Command: truncateCommand(c.Command.join(" "), noTrunc),
    Created: c.CreatedAt,
    CreatedHuman: c.CreatedAt,
    Names: c.Names.join(","),
    Ports: "",
    Status: c.Status,
    State: c.State,
    Labels: c.Labels ?? {},
    Networks: c.Networks.join(","),
  };
}

function truncateCommand(cmd: string, noTrunc: boolean): string {
  return noTrunc || cmd.length <= 17 ? cmd : `${cmd.slice(0, 17)}…`;
}

const DEFAULT_FORMAT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Created}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

export const command: CommandSpec = {
  use: "ps [options]",
  short: "List containers",
  long: "Prints out information about the containers",
  examples: ["tspod ps -a", "tspod ps --format \"{{.ID}} {{.Image}}\""],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all the containers, default is only running containers" },
    { name: "format", type: "string", description: "Pretty-print containers to JSON or using a Go template" },
    { name: "last", short: "n", type: "int", description: "Print the n last created containers (all states)", default: -1 },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "noheading", type: "bool", description: "Do not print headers" },
    { name: "no-trunc", type: "bool", description: "Display the extended information" },
    { name: "quiet", short: "q", type: "bool", description: "Print the numeric IDs of the containers only" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const last = bool(f, "latest") ? 1 : int(f, "last");
    const engines = await ctx.engines();
    const entries = await engines.containers.list({ all: bool(f, "all"), last: last !== undefined && last >= 0 ? last : undefined });
    const noTrunc = bool(f, "no-trunc");
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const rows: object[] = format === "json" ? entries : entries.map((e) => templateRow(e, noTrunc));
    ctx.out(renderFormat({ format, rows, defaultFormat: DEFAULT_FORMAT, headers: { ID: "CONTAINER ID", Names: "NAMES" }, noHeading: bool(f, "noheading"), jsonIndent: 2 }));
    return 0;
  },
};
