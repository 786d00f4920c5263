import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";
import { parseIp } from "../../../util/ip-math.ts";

/** `key=value` list (Podman's parse.KeyValue / GetAllLabels: a key is required, the value may be empty). */
function keyValues(entries: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq === 0) throw exactError("invalid_argument", `${what}: invalid label format: ${JSON.stringify(e)}`);
    if (eq < 0) out[e] = "";
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

/** pflag's IP slice: every comma-separated value must be an address. */
function ipSlice(raw: string): string | undefined {
  const bad = raw.split(",").find((v) => !parseIp(v.trim()));
  return bad === undefined ? undefined : `invalid string being converted to IP address: ${bad}`;
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
    { name: "gateway", type: "strings", description: "IPv4 or IPv6 gateway for the subnet", check: ipSlice },
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
    const driver = str(f, "driver");
    const labels = keyValues(list(f, "label"), "failed to parse labels");
    const options = keyValues(list(f, "opt"), "unable to parse options");
    let interfaceName = str(f, "interface-name");
    // Podman (docker compat): a macvlan's `-o parent=` is its network interface
    if (driver === "macvlan" && "parent" in options) {
      interfaceName ??= options.parent;
      delete options.parent;
    }
    const net = await (await ctx.engines()).networks.create({
      name: parsed.args[0],
      driver,
      subnets: list(f, "subnet"),
      gateways: list(f, "gateway").flatMap((g) => g.split(",").map((x) => x.trim())),
      ipRanges: list(f, "ip-range"),
      ipv6: bool(f, "ipv6"),
      internal: bool(f, "internal"),
      disableDns: bool(f, "disable-dns"),
      options,
      labels,
      dns: list(f, "dns").flatMap((d) => d.split(",")),
      interfaceName,
      ipamDriver: str(f, "ipam-driver"),
      ignoreExisting: bool(f, "ignore"),
    });
    ctx.out(`${net.name}\n`);
    return 0;
  },
};
