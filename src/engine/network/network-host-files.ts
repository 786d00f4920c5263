/**
 * /etc/hosts and /etc/resolv.conf for containers with network settings, the way Podman 4.3
 * writes them: `--add-host` entries, the host's /etc/hosts, `host.containers.internal`, then the
 * container's own address with its hostname and name; resolv.conf with aardvark-dns first on
 * networks with DNS, `--dns`, `--dns-search` and `--dns-option`.
 */
import type { ContainerConfig } from "../container/container-record.ts";
import type { ContainerNetState } from "../../network/network-types.ts";
import { primaryAddresses } from "./container-network.ts";
import { hostAddress } from "../../network/host-interfaces.ts";

function hostsLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (names.length) out.push(`${ip}\t${names.join(" ")}`);
  }
  return out;
}

/** `--add-host name:ip` (ip may be IPv6 with colons) → `ip\tname`. */
export function addHostLines(entries: string[]): string[] {
  return entries.map((e) => {
    const i = e.indexOf(":");
    return `${e.slice(i + 1)}\t${e.slice(0, i)}`;
  });
}

export function networkHostsContent(config: ContainerConfig, state: ContainerNetState | undefined, hostEtcHosts: string): string {
  const net = config.net!;
  const names = config.hostname === config.name ? config.hostname : `${config.hostname} ${config.name}`;
  const lines = [...addHostLines(net.addHosts)];
  const base = hostsLines(hostEtcHosts);
  lines.push(...(base.length ? base : ["127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4", "::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6"]));
  const { ip, gateway } = primaryAddresses(state?.networks);
  // without a bridge the host is reached at its own address (Podman: the default route's)
  const hostIp = gateway ?? hostAddress();
  if (hostIp) lines.push(`${hostIp}\thost.containers.internal`);
  if (config.networkMode !== "host") lines.push(`${ip ?? "127.0.0.1"}\t${names}`);
  return `${lines.join("\n")}\n`;
}

export function networkResolvConf(config: ContainerConfig, state: ContainerNetState | undefined, hostResolv: string): string {
  const net = config.net!;
  const hostServers: string[] = [];
  const hostSearch: string[] = [];
  const hostOptions: string[] = [];
  for (const raw of hostResolv.split("\n")) {
    const f = raw.replace(/[#;].*/, "").trim().split(/\s+/);
    if (f[0] === "nameserver" && f[1]) hostServers.push(f[1]);
    else if ((f[0] === "search" || f[0] === "domain") && f.length > 1) hostSearch.push(...f.slice(1));
    else if (f[0] === "options") hostOptions.push(...f.slice(1));
  }
  const isHost = config.networkMode === "host";
  const usable = isHost ? hostServers : hostServers.filter((s) => !/^(127\.|::1$)/.test(s));
  const aardvark: string[] = [];
  const dnsSearch: string[] = [];
  for (const s of Object.values(state?.networks ?? {})) {
    aardvark.push(...(s.dns_server_ips ?? []));
    dnsSearch.push(...(s.dns_search_domains ?? []));
  }
  let servers = net.dns.length ? net.dns : [...aardvark, ...usable];
  if (!servers.length) servers = ["8.8.8.8", "8.8.4.4"];
  const search = net.dnsSearch.length ? net.dnsSearch.filter((s) => s !== ".") : [...new Set([...dnsSearch, ...hostSearch])];
  const options = net.dnsOptions.length ? net.dnsOptions : hostOptions;
  const lines: string[] = [];
  if (search.length) lines.push(`search ${search.join(" ")}`);
  for (const s of [...new Set(servers)]) lines.push(`nameserver ${s}`);
  if (options.length) lines.push(`options ${options.join(" ")}`);
  return `${lines.join("\n")}\n`;
}
