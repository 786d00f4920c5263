import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { parseIp } from "../../../util/ip-math.ts";
import { checkMac } from "../../../network/mac-address.ts";

const ipFlag = (raw: string) => (parseIp(raw) ? undefined : `failed to parse IP: ${JSON.stringify(raw)}`);
import { list, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "connect [options] NETWORK CONTAINER",
  short: "Add container to a network",
  long: "Add container to a network",
  examples: ["tspod network connect web secondary"],
  flags: [
    { name: "alias", type: "strings", description: "network scoped alias for container" },
    { name: "ip", type: "string", description: "set a static ipv4 address for this container network", check: ipFlag },
    { name: "ip6", type: "string", description: "set a static ipv6 address for this container network", check: ipFlag },
    { name: "mac-address", type: "string", description: "set a static mac address for this container network" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw exactError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const ips = [str(f, "ip"), str(f, "ip6")].filter((x): x is string => !!x);
    const mac = str(f, "mac-address");
    if (mac) checkMac(mac);
    await (await ctx.engines()).networks.connect(parsed.args[0]!, parsed.args[1]!, { ips, mac, aliases: list(f, "alias") });
    return 0;
  },
};
