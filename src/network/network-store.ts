/**
 * The network config directory (Podman's netavark JSON files, one `<name>.json` per network) plus
 * the built-in default network, and `network create`'s validation and free subnet/bridge choice.
 */
import fs from "node:fs";
import path from "node:path";
import { randomHexId } from "../util/random-id.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";
import { cidrContains, cidrLast, cidrsOverlap, formatCidr, formatIp, parseCidr, parseIp, type Cidr } from "./ip-math.ts";
import type { NetworkConfig, NetworkSubnet } from "./network-types.ts";
import { hostInterfaceNames, hostRoutes } from "./host-interfaces.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";

export interface NetworkDefaults {
  configDir: string;
  defaultNetwork: string;
  defaultSubnet: string;
  subnetPools: { base: string; size: number }[];
}

export type NetworkCreateOptions = NetworkCreateRequest;

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function goTime(d = new Date()): string {
  const frac = String(d.getMilliseconds()).padStart(3, "0") + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  return `${d.toISOString().slice(0, 19)}.${frac.replace(/0+$/, "") || "0"}Z`;
}

export class NetworkStore {
  constructor(readonly defaults: NetworkDefaults) {}

  get dir(): string {
    return this.defaults.configDir;
  }

  /** The built-in default network (used unless `<default_network>.json` exists). */
  defaultNetwork(): NetworkConfig {
    const subnet = parseCidr(this.defaults.defaultSubnet);
    if (!subnet) throw new TspodError("config", `invalid default_subnet ${this.defaults.defaultSubnet}`);
    return {
      name: this.defaults.defaultNetwork,
      id: new Bun.CryptoHasher("sha256").update(this.defaults.defaultNetwork).digest("hex"),
      driver: "bridge",
      network_interface: "podman0",
      created: goTime(),
      subnets: [{ subnet: formatCidr(subnet), gateway: formatIp({ v: subnet.v, n: subnet.base + 1n }) }],
      ipv6_enabled: false,
      internal: false,
      dns_enabled: false,
      ipam_options: { driver: "host-local" },
    };
  }

  /** Every network: the default first, then the files sorted by name (Podman's `network ls` order). */
  list(): NetworkConfig[] {
    const out: NetworkConfig[] = [];
    let files: string[] = [];
    try {
      files = fs.readdirSync(this.dir).filter((f) => f.endsWith(".json")).sort();
    } catch {
      // no directory yet: only the default network
    }
    for (const f of files) {
      try {
        const n = JSON.parse(fs.readFileSync(path.join(this.dir, f), "utf8")) as NetworkConfig;
        if (n && typeof n.name === "string" && typeof n.id === "string") out.push(n);
      } catch {
        // Podman skips files it cannot parse (with a warning); so do we
      }
    }
    if (!out.some((n) => n.name === this.defaults.defaultNetwork)) out.unshift(this.defaultNetwork());
    return out.sort((a, b) => (a.name === this.defaults.defaultNetwork ? -1 : b.name === this.defaults.defaultNetwork ? 1 : a.name.localeCompare(b.name)));
  }

  /** By exact name, full id or unique id prefix. */
  find(nameOrId: string): NetworkConfig | undefined {
    const all = this.list();
    const exact = all.find((n) => n.name === nameOrId || n.id === nameOrId);
    if (exact) return exact;
    const byPrefix = /^[0-9a-f]+$/.test(nameOrId) ? all.filter((n) => n.id.startsWith(nameOrId)) : [];
    if (byPrefix.length > 1) throw new TspodError("invalid_argument", `more than one result for network ID ${nameOrId}`);
    return byPrefix[0];
  }

  get(nameOrId: string): NetworkConfig {
    const n = this.find(nameOrId);
    if (!n) throw exactError("no_such_network", `unable to find network with name or ID ${nameOrId}: network not found`);
    return n;
  }

  /** Removes a network's file (the default network has none to remove unless it was written). */
  remove(name: string): void {
    if (name === this.defaults.defaultNetwork) throw exactError("invalid_argument", `default network ${name} cannot be removed`);
    fs.rmSync(path.join(this.dir, `${name}.json`), { force: true });
  }

  /** Validates and writes a new network; the caller holds the network lock. */
  create(o: NetworkCreateOptions): NetworkConfig {
    const all = this.list();
    const driver = o.driver ?? "bridge";
    if (!["bridge", "macvlan", "ipvlan"].includes(driver)) throw exactError("invalid_argument", `unsupported driver ${driver}: invalid argument`);
    let name = o.name;
    if (name !== undefined) {
      if (!NAME_RE.test(name)) throw exactError("invalid_argument", `network name ${name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
      const existing = all.find((n) => n.name === name);
      if (existing) {
        if (o.ignoreExisting) return existing;
        throw exactError("network_exists", `network name ${name} already used: network already exists`);
      }
    } else {
      for (let i = 1; ; i++) if (!all.some((n) => n.name === `podman${i}`)) { name = `podman${i}`; break; }
    }
    if ((o.gateways.length || o.ipRanges.length) && !o.subnets.length) throw exactError("invalid_argument", "cannot set gateway or range without subnet");
    const used = [...all.flatMap((n) => (n.subnets ?? []).map((s) => parseCidr(s.subnet)!).filter(Boolean)), ...hostRoutes()];
    const subnets: NetworkSubnet[] = [];
    o.subnets.forEach((text, i) => {
      const c = parseCidr(text);
      if (!c) throw exactError("invalid_argument", `invalid CIDR address: ${text}`);
      if (used.some((u) => cidrsOverlap(u, c))) throw exactError("invalid_argument", `subnet ${formatCidr(c)} is already used on the host or by another config`);
      subnets.push(this.subnetEntry(c, o.gateways[i], o.ipRanges[i]));
    });
    if (!subnets.some((s) => !s.subnet.includes(":"))) {
      if (!subnets.length) subnets.push(this.subnetEntry(this.freeSubnet(used), undefined, undefined));
    }
    if (o.ipv6 && !subnets.some((s) => s.subnet.includes(":"))) {
      const c = parseCidr(`fd${randomHexId().slice(0, 10).replace(/(..)(....)(....)/, "$1:$2:$3")}::/64`)!;
      subnets.push(this.subnetEntry(c, undefined, undefined));
    }
    let iface = o.interfaceName ?? o.options.parent;
    if (driver === "bridge") {
      if (iface) {
        if (all.some((n) => n.network_interface === iface)) throw exactError("invalid_argument", `bridge name ${iface} already in use`);
      } else {
        const taken = new Set([...all.map((n) => n.network_interface ?? ""), ...hostInterfaceNames()]);
        for (let i = 0; ; i++) if (!taken.has(`podman${i}`)) { iface = `podman${i}`; break; }
      }
    } else if (!iface) {
      iface = "";
    }
    const net: NetworkConfig = {
      name,
      id: randomHexId(),
      driver,
      network_interface: iface,
      created: goTime(),
      subnets,
      ipv6_enabled: o.ipv6 || subnets.some((s) => s.subnet.includes(":")),
      internal: o.internal,
      dns_enabled: !o.disableDns,
      ...(o.dns.length ? { network_dns_servers: o.dns } : {}),
      ...(Object.keys(o.labels).length ? { labels: o.labels } : {}),
      ...(Object.keys(o.options).length ? { options: o.options } : {}),
      ipam_options: { driver: "host-local" },
    };
    for (const d of o.dns) if (!parseIp(d)) throw exactError("invalid_argument", `invalid IP address ${JSON.stringify(d)} in --dns`);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    atomicWriteFile(path.join(this.dir, `${name}.json`), JSON.stringify(net, null, "     ") + "\n");
    return net;
  }

  private subnetEntry(c: Cidr, gateway: string | undefined, ipRange: string | undefined): NetworkSubnet {
    const entry: NetworkSubnet = { subnet: formatCidr(c) };
    if (gateway) {
      const g = parseIp(gateway);
      if (!g) throw exactError("invalid_argument", `invalid gateway ${gateway}`);
      if (!cidrContains(c, g)) throw exactError("invalid_argument", `gateway ${gateway} not in subnet ${formatCidr(c)}`);
      entry.gateway = formatIp(g);
    } else {
      entry.gateway = formatIp({ v: c.v, n: c.base + 1n });
    }
    if (ipRange) {
      const r = parseCidr(ipRange);
      if (!r || !cidrsOverlap(r, c) || r.prefix < c.prefix) throw exactError("invalid_argument", `ip range ${ipRange} not in subnet ${formatCidr(c)}`);
      entry.lease_range = { start_ip: formatIp({ v: r.v, n: r.base + 1n }), end_ip: formatIp({ v: r.v, n: cidrLast(r) }) };
    }
    return entry;
  }

  private freeSubnet(used: Cidr[]): Cidr {
    for (const pool of this.defaults.subnetPools) {
      const base = parseCidr(pool.base);
      if (!base || base.v !== 4) continue;
      const step = 1n << BigInt(32 - pool.size);
      for (let n = base.base; n + step - 1n <= cidrLast(base); n += step) {
        const c: Cidr = { v: 4, base: n, prefix: pool.size };
        if (!used.some((u) => cidrsOverlap(u, c))) return c;
      }
    }
    throw exactError("invalid_argument", "could not find free subnet from subnet pools");
  }
}
