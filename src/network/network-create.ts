/**
 * `network create`'s validation and defaults, in Podman 4.3's order and words: subnets, gateways
 * and ranges first, then the name, the IPAM driver, the driver and its options, DNS servers, and
 * last every subnet against the networks and addresses already in use. Nothing is written
 * here: the store writes the result only when every check passed.
 */
import { exactError } from "../errors/tspod-error.ts";
import { randomHexId } from "../util/random-id.ts";
import { cidrContains, cidrLast, cidrsOverlap, formatCidr, formatIp, parseCidr, parseIp, type Cidr, type IpAddr } from "../util/ip-math.ts";
import type { NetworkConfig, NetworkSubnet } from "./network-types.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Names Podman refuses because `--network NAME` means a mode. */
const MODE_NAMES = ["bridge", "host", "none", "private", "slirp4netns", "container", "ns"];
const MACVLAN_MODES = ["", "bridge", "private", "vepa", "passthru"];

/** What is already there: other networks, the host's addresses and interfaces, the subnet pools. */
export interface NetworkCreateContext {
  existing: NetworkConfig[];
  hostSubnets: Cidr[];
  hostInterfaces: string[];
  subnetPools: { base: string; size: number }[];
  now: string;
}

const invalid = (message: string) => exactError("invalid_argument", message);

interface SubnetRequest {
  subnet: Cidr;
  gateway?: IpAddr;
  range?: { start: IpAddr; end: IpAddr };
}

/** Go's strconv.Atoi for option values. */
function atoi(value: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw invalid(`strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

/** Go's strconv.ParseBool, normalized to what netavark reads. */
function parseBool(value: string): string {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return "true";
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return "false";
  throw invalid(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

function parseMtu(value: string): void {
  const n = atoi(value);
  if (n < 0) throw invalid(`mtu ${n} is less than zero`);
}

function subnetRequests(o: NetworkCreateRequest): SubnetRequest[] {
  if (!o.subnets.length) {
    if (o.gateways.length || o.ipRanges.length) throw invalid("cannot set gateway or range without subnet");
    return [];
  }
  if (o.gateways.length > o.subnets.length) throw invalid("cannot set more gateways than subnets");
  if (o.ipRanges.length > o.subnets.length) throw invalid("cannot set more ranges than subnets");
  return o.subnets.map((text, i) => {
    const subnet = parseCidr(text);
    if (!subnet) throw invalid(`invalid CIDR address: ${text}`);
    const req: SubnetRequest = { subnet };
    const rangeText = o.ipRanges[i];
    if (rangeText !== undefined) {
      const r = parseCidr(rangeText);
      if (!r) throw invalid(`invalid CIDR address: ${rangeText}`);
      req.range = { start: { v: r.v, n: r.base + 1n }, end: { v: r.v, n: cidrLast(r) } };
    }
    const gw = o.gateways[i];
    if (gw !== undefined) {
      const g = parseIp(gw);
      if (!g) throw invalid(`invalid string being converted to IP address: ${gw}`);
      req.gateway = g;
    }
    return req;
  });
}

function freeV4Subnet(used: Cidr[], pools: { base: string; size: number }[]): Cidr {
  for (const pool of pools) {
    const base = parseCidr(pool.base);
    if (!base || base.v !== 4) continue;
    const step = 1n << BigInt(32 - pool.size);
    for (let n = base.base; n + step - 1n <= cidrLast(base); n += step) {
      const c: Cidr = { v: 4, base: n, prefix: pool.size };
      if (!used.some((u) => cidrsOverlap(u, c))) return c;
    }
  }
  throw invalid("could not find free subnet from subnet pools");
}

function freeV6Subnet(used: Cidr[]): Cidr {
  for (;;) {
    const c = parseCidr(`fd${randomHexId().slice(0, 10).replace(/(..)(....)(....)/, "$1:$2:$3")}::/64`)!;
    if (!used.some((u) => cidrsOverlap(u, c))) return c;
  }
}

function bridgeOptions(options: Record<string, string>): Record<string, string> {
  const out = { ...options };
  for (const [key, value] of Object.entries(options)) {
    if (key === "mtu") parseMtu(value);
    else if (key === "vlan") {
      const n = atoi(value);
      if (n < 0 || n > 4094) throw invalid(`vlan ID ${n} must be between 0 and 4094`);
    } else if (key === "isolate") out.isolate = parseBool(value);
    else throw invalid(`unsupported bridge network option ${key}`);
  }
  return out;
}

function macvlanOptions(options: Record<string, string>): void {
  for (const [key, value] of Object.entries(options)) {
    if (key === "mode") {
      if (!MACVLAN_MODES.includes(value)) throw invalid(`unknown macvlan mode ${JSON.stringify(value)}`);
    } else if (key === "mtu") parseMtu(value);
    else throw invalid(`unsupported macvlan network option ${key}`);
  }
}

/** The network `o` asks for, or Podman's error for the first thing wrong with it. */
export function newNetworkConfig(o: NetworkCreateRequest, ctx: NetworkCreateContext): NetworkConfig | { existing: NetworkConfig } {
  const requests = subnetRequests(o);
  let name = o.name;
  if (name !== undefined && MODE_NAMES.includes(name)) throw invalid(`cannot create network with name ${JSON.stringify(name)} because it conflicts with a valid network mode`);
  const all = ctx.existing;
  if (name !== undefined) {
    if (!NAME_RE.test(name)) throw invalid(`network name ${name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
    const existing = all.find((n) => n.name === name);
    if (existing) {
      if (o.ignoreExisting) return { existing };
      throw exactError("network_exists", `network name ${name} already used: network already exists`);
    }
  } else {
    for (let i = 1; ; i++) {
      if (!all.some((n) => n.name === `podman${i}`)) {
        name = `podman${i}`;
        break;
      }
    }
  }
  const ipamDriver = o.ipamDriver ?? "";
  if (ipamDriver === "dhcp") throw invalid("dhcp ipam driver is not yet supported with netavark");
  if (ipamDriver === "none" && requests.length) throw invalid("none ipam driver is set but subnets are given");
  if (!["", "host-local", "none"].includes(ipamDriver)) throw invalid(`unsupported ipam driver ${JSON.stringify(ipamDriver)}`);
  const driver = o.driver || "bridge";
  const usedSubnets = driver === "bridge" ? [...all.flatMap((n) => (n.subnets ?? []).map((s) => parseCidr(s.subnet)).filter((c): c is Cidr => !!c)), ...ctx.hostSubnets] : [];
  let options = o.options;
  let iface = o.interfaceName;
  let dnsEnabled = !o.disableDns; // Podman 4.3 keeps it on for macvlan too
  if (driver === "bridge") {
    if (iface) {
      if (all.some((n) => n.driver === "bridge" && n.network_interface === iface)) throw invalid(`bridge name ${iface} already in use`);
      if (!NAME_RE.test(iface)) throw invalid(`bridge name ${iface} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
    } else {
      const taken = new Set([...all.map((n) => n.network_interface ?? ""), ...ctx.hostInterfaces]);
      for (let i = 0; ; i++) {
        if (!taken.has(`podman${i}`)) {
          iface = `podman${i}`;
          break;
        }
      }
    }
    if (ipamDriver !== "none") {
      if (!requests.length) requests.push({ subnet: freeV4Subnet(usedSubnets, ctx.subnetPools) });
      if (o.ipv6) {
        if (!requests.some((r) => r.subnet.v === 4)) requests.push({ subnet: freeV4Subnet(usedSubnets, ctx.subnetPools) });
        if (!requests.some((r) => r.subnet.v === 6)) requests.push({ subnet: freeV6Subnet(usedSubnets) });
      }
    }
    options = bridgeOptions(options);
  } else if (driver === "macvlan") {
    if (iface && !ctx.hostInterfaces.includes(iface)) throw invalid(`parent interface ${iface} does not exist`);
    if (ipamDriver !== "none" && !requests.length) throw invalid("macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark");
    macvlanOptions(options);
  } else {
    throw invalid(`unsupported driver ${driver}: invalid argument`);
  }
  if (ipamDriver === "none") dnsEnabled = false;
  if (o.dns.length && !dnsEnabled) throw invalid("cannot set NetworkDNSServers if DNS is not enabled for the network: invalid argument");
  for (const d of o.dns) if (!parseIp(d)) throw invalid(`unable to parse ip ${d} specified in NetworkDNSServers: invalid argument`);
  // Podman adds a gateway unless the network is internal without DNS
  const addGateway = !o.internal || dnsEnabled;
  const subnets: NetworkSubnet[] = requests.map((r) => {
    const text = formatCidr(r.subnet);
    if (usedSubnets.some((u) => cidrsOverlap(u, r.subnet))) throw invalid(`subnet ${text} is already used on the host or by another config`);
    const entry: NetworkSubnet = { subnet: text };
    if (r.gateway) {
      if (!cidrContains(r.subnet, r.gateway)) throw invalid(`gateway ${formatIp(r.gateway)} not in subnet ${text}`);
      entry.gateway = formatIp(r.gateway);
    } else if (addGateway) {
      entry.gateway = formatIp({ v: r.subnet.v, n: r.subnet.base + 1n });
    }
    if (r.range) {
      if (!cidrContains(r.subnet, r.range.start)) throw invalid(`lease range start ip ${formatIp(r.range.start)} not in subnet ${text}`);
      if (!cidrContains(r.subnet, r.range.end)) throw invalid(`lease range end ip ${formatIp(r.range.end)} not in subnet ${text}`);
      entry.lease_range = { start_ip: formatIp(r.range.start), end_ip: formatIp(r.range.end) };
    }
    return entry;
  });
  return {
    name,
    id: randomHexId(),
    driver,
    ...(iface ? { network_interface: iface } : {}),
    created: ctx.now,
    ...(subnets.length ? { subnets } : {}),
    ipv6_enabled: o.ipv6 || subnets.some((s) => s.subnet.includes(":")),
    internal: o.internal,
    dns_enabled: dnsEnabled,
    ...(o.dns.length ? { network_dns_servers: o.dns } : {}),
    ...(Object.keys(o.labels).length ? { labels: o.labels } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    ipam_options: { driver: ipamDriver === "none" ? "none" : "host-local" },
  };
}
