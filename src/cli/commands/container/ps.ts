import type { CommandSpec } from "../../command.ts";
import { bool, int, list, str } from "../../flags.ts";
import { isJsonFormat, renderFormat } from "../../format/output.ts";
import { NS_FORMAT, PS_HEADERS, SORT_KEYS, sortEntries, templateRow } from "./ps-rows.ts";

const DEFAULT_FORMAT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

export const command: CommandSpec = {
  use: "ps [options]",
  short: "List containers",
  long: "Prints out information about the containers",
  examples: ["tspod ps -a", "tspod ps --format \"{{.ID}} {{.Image}}\"", "tspod ps --filter status=exited --sort names"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all the containers, default is only running containers" },
    { name: "external", type: "bool", description: "Show containers in storage not controlled by Podman" },
    { name: "filter", short: "f", type: "strings", description: "Filter output based on conditions given" },
    { name: "format", type: "string", description: "Pretty-print containers to JSON or using a Go template" },
    { name: "last", short: "n", type: "int", description: "Print the n last created containers (all states)", default: -1 },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "noheading", type: "bool", description: "Do not print headers" },
    { name: "no-trunc", type: "bool", description: "Display the extended information" },
    { name: "pod", short: "p", type: "bool", description: "Print the ID and name of the pod the containers are associated with" },
    { name: "quiet", short: "q", type: "bool", description: "Print the numeric IDs of the containers only" },
    { name: "size", short: "s", type: "bool", description: "Display the total file sizes" },
    { name: "sort", type: "string", description: `Sort output by: ${SORT_KEYS.join(", ")}`, default: "created" },
    { name: "ns", type: "bool", description: "Display namespace information" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const last = bool(f, "latest") ? 1 : int(f, "last");
    // --filter is a string slice in Podman: commas separate filters too.
    const filters = list(f, "filter").flatMap((v) => v.split(","));
    const sortKey = str(f, "sort") ?? "created";
    const size = bool(f, "size");
    const engines = await ctx.engines();
    const entries = await engines.containers.list({
      all: bool(f, "all"),
      last: last !== undefined && last >= 0 ? last : undefined,
      filters,
      size,
      namespaces: bool(f, "ns"),
    });
    sortEntries(entries, sortKey);
    const noTrunc = bool(f, "no-trunc");
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const now = Date.now();
    const rows: object[] = isJsonFormat(format) ? entries : entries.map((e) => templateRow(e, noTrunc, undefined, now));
    const withPod = bool(f, "pod") ? DEFAULT_FORMAT + "\t{{.Pod}}\t{{.PodName}}" : DEFAULT_FORMAT;
    const defaultFormat = bool(f, "ns") ? NS_FORMAT : size ? withPod + "\t{{.Size}}" : withPod;
    ctx.out(renderFormat({ format, rows, defaultFormat, headers: PS_HEADERS, noHeading: bool(f, "noheading"), jsonIndent: 2, name: "ps" }));
    return 0;
  },
};
