import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { isJsonFormat, renderFormat } from "../../format/output.ts";
import { timeAgo } from "../../../util/human-duration.ts";
import type { PodListEntry } from "../../../define/pod-types.ts";
import { exactError } from "../../../errors/tspod-error.ts";

const SORT_KEYS = ["created", "id", "name", "number", "status"];

function sortPods(pods: PodListEntry[], key: string): void {
  const by: Record<string, (a: PodListEntry, b: PodListEntry) => number> = {
    created: (a, b) => Date.parse(b.Created) - Date.parse(a.Created),
    id: (a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0),
    name: (a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0),
    number: (a, b) => a.Containers.length - b.Containers.length,
    status: (a, b) => (a.Status < b.Status ? -1 : a.Status > b.Status ? 1 : 0),
  };
  pods.sort(by[key]);
}

/** The row a `--format` template sees (Podman's pod ps template fields). */
function row(p: PodListEntry, noTrunc: boolean, now: number) {
  const id = (s: string) => (noTrunc ? s : s.slice(0, 12));
  return {
    ...p,
    ID: id(p.Id),
    InfraID: id(p.InfraId),
    Created: timeAgo(p.Created, now),
    CreatedAt: p.Created,
    NumberOfContainers: p.Containers.length,
    ContainerIds: p.Containers.map((c) => id(c.Id)).join(","),
    ContainerNames: p.Containers.map((c) => c.Names).join(","),
    ContainerStatuses: p.Containers.map((c) => c.Status).join(","),
    Networks: p.Networks.join(","),
    Labels: p.Labels,
  };
}

const HEADERS = {
  ID: "POD ID",
  Name: "NAME",
  Status: "STATUS",
  Created: "CREATED",
  InfraID: "INFRA ID",
  NumberOfContainers: "# OF CONTAINERS",
  ContainerIds: "IDS",
  ContainerNames: "NAMES",
  ContainerStatuses: "STATUS",
  Cgroup: "CGROUP",
  Networks: "NETWORKS",
  Labels: "LABELS",
};

export const command: CommandSpec = {
  use: "ps [options]",
  short: "List pods",
  long: "List all pods on the system with their status and containers.",
  examples: ["tspod pod ps", "tspod pod ps --ctr-names --ctr-status", "tspod pod ps --filter status=running --format '{{.Name}}'"],
  flags: [
    { name: "ctr-ids", type: "bool", description: "Display the container UUIDs. If no-trunc is not set they will be truncated" },
    { name: "ctr-names", type: "bool", description: "Display the container names" },
    { name: "ctr-status", type: "bool", description: "Display the container status" },
    { name: "filter", short: "f", type: "strings", description: "Filter output based on conditions given" },
    { name: "format", type: "string", description: "Pretty-print pods to JSON or using a Go template" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" },
    { name: "noheading", type: "bool", description: "Do not print headers" },
    { name: "no-trunc", type: "bool", description: "Do not truncate pod and container IDs" },
    { name: "ns", type: "bool", description: "Display namespace information of the pod" },
    { name: "quiet", short: "q", type: "bool", description: "Print the numeric IDs of the pods only" },
    { name: "sort", type: "string", description: "Sort output by created, id, name, or number", default: "created" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const sortKey = str(f, "sort") ?? "created";
    // Podman's text (it accepts created, id, name, number and status all the same)
    if (!SORT_KEYS.includes(sortKey)) throw exactError("invalid_argument", "invalid option for --sort, options are: id, names, or number");
    const engines = await ctx.engines();
    let pods = await engines.pods.list({ filters: list(f, "filter").flatMap((v) => v.split(",")) });
    sortPods(pods, sortKey);
    if (bool(f, "latest")) pods = [...pods].sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created)).slice(0, 1);
    const noTrunc = bool(f, "no-trunc");
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const now = Date.now();
    let def = "table {{.ID}}\t{{.Name}}\t{{.Status}}\t{{.Created}}\t{{.InfraID}}";
    if (bool(f, "ns")) def += "\t{{.Cgroup}}";
    const ctr = ["ctr-ids", "ctr-names", "ctr-status"].filter((k) => bool(f, k));
    if (ctr.length === 0) def += "\t{{.NumberOfContainers}}";
    if (bool(f, "ctr-ids")) def += "\t{{.ContainerIds}}";
    if (bool(f, "ctr-names")) def += "\t{{.ContainerNames}}";
    if (bool(f, "ctr-status")) def += "\t{{.ContainerStatuses}}";
    const rows: object[] = isJsonFormat(format) ? pods : pods.map((p) => row(p, noTrunc, now));
    ctx.out(renderFormat({ format, rows, defaultFormat: def, headers: HEADERS, noHeading: bool(f, "noheading"), jsonIndent: 2, name: "ps" }));
    return 0;
  },
};
