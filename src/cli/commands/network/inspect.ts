import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";
import { isJsonFormat, renderSingle } from "../../format/output.ts";
import type { NetworkConfig } from "../../../network/network-types.ts";

/** Templates see Podman's Go field names (the JSON keeps netavark's casing). */
function goFields(n: NetworkConfig) {
  return {
    ...n,
    Name: n.name,
    ID: n.id,
    Driver: n.driver,
    NetworkInterface: n.network_interface ?? "",
    Created: n.created,
    Subnets: (n.subnets ?? []).map((s) => ({ Subnet: s.subnet, Gateway: s.gateway ?? "", LeaseRange: s.lease_range })),
    IPv6Enabled: n.ipv6_enabled,
    Internal: n.internal,
    DNSEnabled: n.dns_enabled,
    Labels: n.labels ?? {},
    Options: n.options ?? {},
    IPAMOptions: n.ipam_options ?? {},
  };
}

export const command: CommandSpec = {
  use: "inspect [options] NETWORK [NETWORK...]",
  short: "Displays the raw CNI network configuration for one or more networks.",
  long: "Displays the network configuration for one or more networks.",
  examples: ["tspod network inspect tspod"],
  flags: [{ name: "format", short: "f", type: "string", description: "Pretty-print network to JSON or using a Go template" }],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const format = str(parsed.flags, "format");
    const { found, errors } = await (await ctx.engines()).networks.inspect(parsed.args);
    if (format === undefined || isJsonFormat(format)) ctx.out(renderSingle(undefined, found, true, { jsonIndent: 5 }));
    else for (const n of found) ctx.out(renderSingle(format, goFields(n), false));
    const last = errors.at(-1);
    for (const e of errors.slice(0, -1)) ctx.err(`Error: ${e.message}\n`);
    if (last) throw new TspodError("no_such_network", `inspecting object: network ${parsed.args.find((a) => last.message.includes(a)) ?? ""}: ${last.message.replace(/: network not found$/, "")}`);
    return 0;
  },
};
