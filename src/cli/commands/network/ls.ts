import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import type { NetworkConfig } from "../../../network/network-types.ts";

/** The object a `--format` template sees (Podman's ListPrintReports). */
function row(n: NetworkConfig, noTrunc: boolean) {
  const kv = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  return {
    ...n,
    Name: n.name,
    ID: noTrunc ? n.id : n.id.slice(0, 12),
    Driver: n.driver,
    NetworkInterface: n.network_interface ?? "",
    Created: n.created,
    Subnets: n.subnets ?? [],
    IPv6Enabled: n.ipv6_enabled,
    Internal: n.internal,
    DNSEnabled: n.dns_enabled,
    Labels: kv(n.labels),
    Options: n.options ?? {},
    IPAMOptions: n.ipam_options ?? {},
  };
}

export const command: CommandSpec = {
  use: "ls [options]",
  short: "List networks",
  long: "List networks",
  examples: ["tspod network ls", "tspod network ls --format json"],
  flags: [
    { name: "filter", short: "f", type: "strings", description: "Provide filter values (e.g. 'name=tspod')" },
    { name: "format", type: "string", description: "Pretty-print networks to JSON or using a Go template" },
    { name: "noheading", type: "bool", description: "Do not print headers" },
    { name: "no-trunc", type: "bool", description: "Do not truncate the network ID" },
    { name: "quiet", short: "q", type: "bool", description: "display only names" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const nets = await (await ctx.engines()).networks.list(list(f, "filter"));
    const format = bool(f, "quiet") ? "{{.Name}}" : str(f, "format");
    const rows = format === "json" ? nets : nets.map((n) => row(n, bool(f, "no-trunc")));
    ctx.out(renderFormat({ format, rows, defaultFormat: "table {{.ID}}\t{{.Name}}\t{{.Driver}}", headers: { ID: "NETWORK ID" }, noHeading: bool(f, "noheading"), jsonIndent: 2 }));
    return 0;
  },
};
