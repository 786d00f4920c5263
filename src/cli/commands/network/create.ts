import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";

function keyValues(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq === 0) throw exactError("invalid_argument", `invalid option ${JSON.stringify(e)}`);
    if (eq < 0) out[e] = "";
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

export const command: CommandSpec = {
  use: "create [options] [NAME]",
  short: "Create networks for containers and pods",
  long: "Create networks for containers and pods",
  examples: ["tspod network create tspod1", "tspod network create --subnet 192.5.0.0/16 --gateway 192.5.0.3 --ip-range 192.5.1.0/24 tspod2"],
  flags: [
    { name: "disable-dns", type: "bool", description: "disable dns plugin" },
    { name: "dns", type: "strings", description: "DNS servers this network will use" },
    { name: "driver", short: "d", type: "string", description: "driver to manage the network", default: "bridge" },
    { name: "gateway", type: "strings", description: "IPv4 or IPv6 gateway for the subnet" },
    { name: "ignore", type: "bool", description: "Don't fail if network already exists" },
    { name: "interface-name", type: "string", description: "interface name which is used by the driver" },
    { name: "internal", type: "bool", description: "restrict external access from this network" },
    { name: "ip-range", type: "strings", description: "allocate container IP from range" },
    { name: "ipam-driver", type: "string", description: "IP Address Management Driver" },
    { name: "ipv6", type: "bool", description: "enable IPv6 networking" },
    { name: "label", type: "strings", description: "set metadata on a network" },
    { name: "opt", short: "o", type: "strings", description: "Set driver specific options (default [])" },
    { name: "subnet", type: "strings", description: "subnets in CIDR format" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length > 1) throw exactError("invalid_argument", `accepts at most 1 arg(s), received ${parsed.args.length}`);
    const ipam = str(f, "ipam-driver");
    if (ipam && ipam !== "host-local") throw exactError("invalid_argument", `unsupported ipam driver ${JSON.stringify(ipam)}`);
    const net = await (await ctx.engines()).networks.create({
      name: parsed.args[0],
      driver: str(f, "driver"),
      subnets: list(f, "subnet"),
      gateways: list(f, "gateway"),
      ipRanges: list(f, "ip-range"),
      ipv6: bool(f, "ipv6"),
      internal: bool(f, "internal"),
      disableDns: bool(f, "disable-dns"),
      options: keyValues(list(f, "opt")),
      labels: keyValues(list(f, "label")),
      dns: list(f, "dns").flatMap((d) => d.split(",")),
      interfaceName: str(f, "interface-name"),
      ignoreExisting: bool(f, "ignore"),
    });
    ctx.out(`${net.name}\n`);
    return 0;
  },
};
