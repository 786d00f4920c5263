/**
 * `--network` and the other network flags of `create`/`run` → the spec's network namespace and
 * the container's network config (networks with per-network options, ports, DNS, hosts).
 */
import fs from "node:fs";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ContainerNetFlags } from "../domain/network-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { SpecNetwork } from "../spec/spec-options.ts";
import type { ContainerNetConfig, PerNetworkOptions } from "../network/network-types.ts";
import { parseIp } from "../util/ip-math.ts";
import { checkMac } from "../network/mac-address.ts";
import { resolvePorts } from "../network/port-mappings.ts";
import { parseExpose, parsePublish } from "../util/publish-spec.ts";

export interface NetworkChoice {
  spec: SpecNetwork;
  /** HostConfig.NetworkMode: bridge, none, host, ns:PATH, container:ID, slirp4netns … */
  name: string;
  net: ContainerNetConfig;
}

const EMPTY_FLAGS: ContainerNetFlags = { publish: [], publishAll: false, expose: [], dns: [], dnsSearch: [], dnsOptions: [], addHosts: [], noHosts: false, aliases: [] };

/** `name:ip=…,mac=…,alias=…,interface_name=…` → name and options (Podman's words for bad ones). */
function parseNetworkEntry(entry: string): { name: string; ips: string[]; mac?: string; aliases: string[]; iface?: string } {
  const colon = entry.indexOf(":");
  const name = colon < 0 ? entry : entry.slice(0, colon);
  const out = { name, ips: [] as string[], mac: undefined as string | undefined, aliases: [] as string[], iface: undefined as string | undefined };
  if (colon < 0) return out;
  const bad = (why: string) => exactError("invalid_argument", `invalid option for network ${name}: ${why}`);
  for (const opt of entry.slice(colon + 1).split(",")) {
    const eq = opt.indexOf("=");
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? undefined : opt.slice(eq + 1);
    const known = ["ip", "ip6", "mac", "alias", "interface_name"].includes(key);
    if (!known) throw bad(`unknown bridge network option: ${key}`);
    if (value === undefined) throw bad(`${key} needs a value (${key}=…)`);
    if (key === "ip" || key === "ip6") {
      if (!parseIp(value)) throw bad(`invalid ip address ${JSON.stringify(value)}`);
      out.ips.push(value);
    } else if (key === "mac") {
      out.mac = checkMac(value, bad);
    } else if (key === "alias") {
      if (!value) throw bad("alias cannot be empty");
      out.aliases.push(value);
    } else {
      if (!value) throw bad("interface_name cannot be empty");
      out.iface = value;
    }
  }
  return out;
}


/** `a,b:ip=1.2.3.4,alias=x,c` → `a`, `b:ip=1.2.3.4,alias=x`, `c`: a `key=value` part belongs to the network before it. */
export function splitNetworks(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    if (out.length && /^[a-z_0-9]+=/.test(part) && out.at(-1)!.includes(":")) out[out.length - 1] += `,${part}`;
    else out.push(part);
  }
  return out;
}

/** `--ip` / `--ip6`: Podman only checks that the value is an address (of either family). */
function checkIp(value: string): string {
  if (!parseIp(value)) throw exactError("invalid_argument", `${JSON.stringify(value)} is not an ip address`);
  return value;
}

function checkAddHost(entry: string): void {
  const i = entry.indexOf(":");
  if (i <= 0 || i === entry.length - 1) throw exactError("invalid_argument", `bad format for add-host: ${JSON.stringify(entry)}`);
  const ip = entry.slice(i + 1);
  if (ip !== "host-gateway" && !parseIp(ip)) throw exactError("invalid_argument", `invalid IP address in add-host: ${JSON.stringify(ip)}`);
}

/** Host ports in use: listening sockets on the host and other containers' mappings. */
function usedHostPorts(rt: Runtime): Map<string, Set<number>> {
  const used = new Map<string, Set<number>>([["tcp", new Set()], ["udp", new Set()], ["sctp", new Set()]]);
  for (const [file, proto] of [["tcp", "tcp"], ["tcp6", "tcp"], ["udp", "udp"], ["udp6", "udp"]] as const) {
    try {
      for (const line of fs.readFileSync(`/proc/net/${file}`, "utf8").split("\n").slice(1)) {
        const local = line.trim().split(/\s+/)[1];
        if (local) used.get(proto)!.add(parseInt(local.split(":").pop()!, 16));
      }
    } catch {
      // no such table
    }
  }
  for (const c of rt.state.listContainerSummaries()) {
    for (const p of c.config.net?.ports ?? []) for (let i = 0; i < p.range; i++) used.get(p.protocol)?.add(p.host_port + i);
  }
  return used;
}

/**
 * `--dns`, `--dns-search`, `--dns-option` against the network mode, and `--dns none` (Podman:
 * keep the image's own /etc/resolv.conf). Returns whether resolv.conf comes from the image.
 */
function checkDnsFlags(f: ContainerNetFlags, mode: string): boolean {
  const any = f.dns.length || f.dnsSearch.length || f.dnsOptions.length;
  for (const kind of ["none", "container"]) {
    if (any && (mode === kind || mode.startsWith(`${kind}:`))) throw exactError("invalid_argument", `conflicting options: dns and the network mode: ${kind}`);
  }
  if (!f.dns.includes("none")) {
    for (const d of f.dns) if (!parseIp(d)) throw exactError("invalid_argument", `${d} is not an ip address`);
    return false;
  }
  if (f.dns.length > 1) throw exactError("invalid_argument", "none is not allowed to be specified with other DNS ip addresses");
  if (f.dnsSearch.length) throw exactError("invalid_argument", "invalid config provided: UseImageResolvConf and DNSSearch are mutually exclusive options");
  if (f.dnsOptions.length) throw exactError("invalid_argument", "invalid config provided: UseImageResolvConf and DNSOption are mutually exclusive options");
  return true;
}

export function resolveContainerNetwork(rt: Runtime, id: string, mode: string | undefined, flags: ContainerNetFlags | undefined, imageExposed: Record<string, object> | undefined): NetworkChoice {
  const f = flags ?? EMPTY_FLAGS;
  for (const h of f.addHosts) checkAddHost(h);
  // `--network none` keeps the image's own /etc/resolv.conf, as Podman does (nothing to resolve with)
  const useImageResolvConf = checkDnsFlags(f, mode ?? "") || mode === "none";
  const net: ContainerNetConfig = {
    networks: {},
    ports: [],
    exposed: [],
    publishAll: f.publishAll,
    dns: useImageResolvConf ? [] : f.dns,
    ...(useImageResolvConf ? { useImageResolvConf } : {}),
    dnsSearch: f.dnsSearch,
    dnsOptions: f.dnsOptions,
    addHosts: f.addHosts,
    noHosts: f.noHosts,
  };
  // rootless networking (slirp4netns, pasta) is not available: without root the default is loopback only
  const m = mode ?? (process.getuid?.() === 0 ? "" : "slirp4netns");
  let spec: SpecNetwork;
  let name: string;
  const store = rt.net.store;
  if (m === "none" || m === "host" || m.startsWith("ns:") || m.startsWith("container:") || m === "slirp4netns" || m === "pasta") {
    if (f.ip || f.ip6 || f.mac || f.aliases.length) {
      const flag = f.ip ? "--ip" : f.ip6 ? "--ip6" : f.mac ? "--mac-address" : "--network-alias";
      throw new TspodError("invalid_argument", `${flag} can only be set when the network mode is bridge`);
    }
    if (m === "none") spec = { mode: "none" };
    else if (m === "host") spec = { mode: "host" };
    else if (m.startsWith("ns:")) {
      if (!fs.existsSync(m.slice(3))) throw exactError("invalid_argument", `cannot find specified network namespace path: stat ${m.slice(3)}: no such file or directory`);
      spec = { mode: "path", path: m.slice(3) };
    }
    else if (m.startsWith("container:")) {
      const id = rt.state.lookupContainerId(m.slice(10));
      if (!id) throw new TspodError("no_such_container", `no container with name or ID "${m.slice(10)}" found`);
      spec = { mode: "path", path: `container:${id}` };
      net.joinContainer = id;
      name = `container:${id}`;
    } else spec = { mode: "private" }; // rootless modes: loopback only
    name ??= m;
    return { spec, name, net };
  }
  // bridge networking: the default network, or a list of named networks with options
  const entries = m === "" || m === "bridge" || m === "private" || m === "default" ? [{ name: rt.settings.conf.network.defaultNetwork, ips: [], aliases: [] as string[] } as ReturnType<typeof parseNetworkEntry>] : splitNetworks(m).map(parseNetworkEntry);
  const staticIps = [f.ip && checkIp(f.ip), f.ip6 && checkIp(f.ip6)].filter((x): x is string => !!x);
  if (f.mac) checkMac(f.mac);
  if (entries.length > 1 && (staticIps.length || f.mac)) throw exactError("invalid_argument", "--ip, --ip6 and --mac-address can only be set for a single network");
  entries.forEach((e, i) => {
    const info = store.find(e.name);
    if (!info) throw exactError("no_such_network", `unable to find network with name or ID ${e.name}: network not found`);
    // Podman: a network named twice is joined once, with the options given last
    const o: PerNetworkOptions = { interface_name: e.iface ?? net.networks[info.name]?.interface_name ?? `eth${i}` };
    const ips = [...e.ips, ...staticIps];
    if (ips.length) o.static_ips = ips;
    if (e.mac ?? f.mac) o.static_mac = e.mac ?? f.mac;
    const aliases = [...e.aliases, ...f.aliases];
    if (aliases.length) o.aliases = aliases;
    net.networks[info.name] = o;
  });
  const exposed = [...new Set([...Object.keys(imageExposed ?? {}).map((k) => (k.includes("/") ? k : `${k}/tcp`)), ...f.expose.flatMap(parseExpose)])];
  net.exposed = exposed;
  const publish = f.publish.map(parsePublish);
  if (publish.length || f.publishAll) {
    const used = usedHostPorts(rt);
    const pick = (count: number, protocol: string) => {
      const set = used.get(protocol)!;
      for (let tries = 0; tries < 1000; tries++) {
        const start = 30000 + Math.floor(Math.random() * (61000 - 30000 - count));
        let free = true;
        for (let i = 0; i < count && free; i++) if (set.has(start + i)) free = false;
        if (free) {
          for (let i = 0; i < count; i++) set.add(start + i);
          return start;
        }
      }
      throw new TspodError("internal", "could not find a free host port");
    };
    // random ports never take a host port this container publishes explicitly
    for (const p of publish) for (let i = 0; p.hostPort && i < p.hostPort.count; i++) for (const proto of p.protocols) used.get(proto)?.add(p.hostPort.start + i);
    net.ports = resolvePorts(publish, exposed, f.publishAll, pick);
  }
  return { spec: { mode: "path", path: rt.net.netnsPath(id) }, name: "bridge", net };
}
