/** The network parts of container inspect (NetworkSettings, HostConfig) and ps (Ports, Networks). */
import type { ContainerConfig, ContainerRecord } from "../container/container-record.ts";
import { inspectPorts } from "../../network/port-mappings.ts";
import type { NetworkStatus } from "../../network/network-types.ts";

function endpoint(status: NetworkStatus | undefined): Record<string, unknown> {
  let ip4: { ip: string; prefix: number; gateway: string } | undefined;
  let ip6: { ip: string; prefix: number; gateway: string } | undefined;
  let mac = "";
  for (const iface of Object.values(status?.interfaces ?? {})) {
    mac ||= iface.mac_address;
    for (const s of iface.subnets ?? []) {
      const [ip, prefix] = s.ipnet.split("/") as [string, string];
      const entry = { ip, prefix: Number(prefix), gateway: s.gateway ?? "" };
      if (ip.includes(":")) ip6 ??= entry;
      else ip4 ??= entry;
    }
  }
  return {
    EndpointID: "",
    Gateway: ip4?.gateway ?? "",
    IPAddress: ip4?.ip ?? "",
    IPPrefixLen: ip4?.prefix ?? 0,
    IPv6Gateway: ip6?.gateway ?? "",
    GlobalIPv6Address: ip6?.ip ?? "",
    GlobalIPv6PrefixLen: ip6?.prefix ?? 0,
    MacAddress: mac,
  };
}

/** Podman's NetworkSettings: per-network endpoints, and the old top-level fields for the default network. */
export function inspectNetworkSettings(rec: ContainerRecord, base: Record<string, unknown>, defaultNetwork: string): Record<string, unknown> {
  const net = rec.config.net;
  if (!net) return base;
  const out: Record<string, unknown> = { ...base, Ports: inspectPorts(net.ports, net.exposed) };
  const names = Object.keys(net.networks).sort();
  if (!names.length) return out;
  const live = rec.state.net;
  out.SandboxKey = live?.netns ?? "";
  const networks: Record<string, unknown> = {};
  for (const n of names) {
    networks[n] = {
      ...endpoint(live?.networks[n]),
      NetworkID: n,
      DriverOpts: null,
      IPAMConfig: null,
      Links: null,
      Aliases: [...(net.networks[n]!.aliases ?? []), rec.config.id.slice(0, 12)],
    };
  }
  if (names.length === 1 && names[0] === defaultNetwork) Object.assign(out, endpoint(live?.networks[defaultNetwork]));
  // keep Podman's key order: Ports, SandboxKey, then Networks
  return { ...out, Networks: networks };
}

/** HostConfig's network fields. */
export function inspectNetworkHostConfig(c: ContainerConfig): Record<string, unknown> {
  const net = c.net;
  if (!net) return {};
  return {
    PortBindings: inspectPorts(net.ports, []),
    Dns: net.dns,
    DnsOptions: net.dnsOptions,
    DnsSearch: net.dnsSearch,
    ExtraHosts: net.addHosts,
    PublishAllPorts: false,
  };
}

/** ps's Networks: the container's networks, sorted. */
export function containerNetworkNames(c: Pick<ContainerConfig, "net" | "networkMode">): string[] {
  if (c.net) return Object.keys(c.net.networks).sort();
  return c.networkMode === "bridge" ? ["podman"] : [];
}
