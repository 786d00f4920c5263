/**
 * `-p`, `--expose` and `-P` → netavark port mappings, and the ways Podman prints them (`port`,
 * the ps PORTS column, inspect's Ports/PortBindings). Pure: free host ports come from a callback.
 */
import { exactError } from "../errors/tspod-error.ts";
import { parseIp } from "./ip-math.ts";
import type { PortMapping } from "./network-types.ts";

const PROTOCOLS = ["tcp", "udp", "sctp"];

interface PortRange {
  start: number;
  count: number;
}

function portNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw exactError("invalid_argument", `parsing ${what} port: invalid port number: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n < 1 || n > 65535) throw exactError("invalid_argument", `parsing ${what} port: port numbers must be between 1 and 65535 (inclusive), got ${n}`);
  return n;
}

function portRange(text: string, what: string): PortRange {
  const dash = text.indexOf("-");
  if (dash < 0) return { start: portNumber(text, what), count: 1 };
  const start = portNumber(text.slice(0, dash), what);
  const end = portNumber(text.slice(dash + 1), what);
  if (end < start) throw exactError("invalid_argument", `parsing ${what} port: invalid port range ${text}: end port must be greater than start port`);
  return { start, count: end - start + 1 };
}

function protocols(text: string | undefined, spec: string): string[] {
  const list = (text ?? "tcp").split(",").map((p) => p.toLowerCase());
  for (const p of list) if (!PROTOCOLS.includes(p)) throw exactError("invalid_argument", `unrecognized protocol ${JSON.stringify(p)} in port mapping`);
  void spec;
  return list;
}

/** One `-p` value before host ports are chosen (hostPort undefined: pick a free one). */
export interface PublishSpec {
  hostIp: string;
  hostPort?: PortRange;
  container: PortRange;
  protocols: string[];
}

/** Parses `[[hostIP:]hostPort:]containerPort[/protocol]` (hostIP may be `[v6]`, ports may be ranges). */
export function parsePublish(spec: string): PublishSpec {
  let body = spec;
  let proto: string | undefined;
  const slash = body.lastIndexOf("/");
  if (slash >= 0) {
    proto = body.slice(slash + 1);
    body = body.slice(0, slash);
  }
  let hostIp = "";
  if (body.startsWith("[")) {
    const close = body.indexOf("]");
    if (close < 0 || body[close + 1] !== ":") throw exactError("invalid_argument", "invalid port format - format is [[hostIP:]hostPort:]containerPort");
    hostIp = body.slice(1, close);
    body = body.slice(close + 2);
    if (!body.includes(":")) body = `:${body}`;
  }
  const parts = body.split(":");
  if (parts.length > 3 || (hostIp && parts.length > 2)) throw exactError("invalid_argument", "invalid port format - format is [[hostIP:]hostPort:]containerPort");
  if (parts.length === 3) hostIp = parts.shift()!;
  if (hostIp && !parseIp(hostIp)) throw exactError("invalid_argument", `invalid IP address ${JSON.stringify(hostIp)} in port mapping`);
  const container = portRange(parts.pop()!, "container");
  const hostText = parts.pop();
  const hostPort = hostText ? portRange(hostText, "host") : undefined;
  if (hostPort && hostPort.count !== container.count) {
    throw exactError("invalid_argument", `host and container port ranges have different lengths: ${hostPort.count} vs ${container.count}`);
  }
  return { hostIp, hostPort, container, protocols: protocols(proto, spec) };
}

/** `--expose 80`, `80/udp`, `8000-8010/tcp` → `80/tcp` keys. */
export function parseExpose(spec: string): string[] {
  const [ports, proto = "tcp"] = spec.split("/", 2) as [string, string?];
  const m = /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (!m) throw exactError("invalid_argument", `invalid range format for --expose: ${spec}: strconv.ParseUint: parsing ${JSON.stringify(ports)}: invalid syntax`);
  if (!PROTOCOLS.includes(proto.toLowerCase())) throw exactError("invalid_argument", `unrecognized protocol ${JSON.stringify(proto)} in port mapping`);
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start;
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto.toLowerCase()}`);
  return out;
}

/** Chooses free host ports: `(count, protocol, hostIp)` → first port of a free range. */
export type PickHostPort = (count: number, protocol: string, hostIp: string) => number;

/**
 * The container's port mappings: `-p` values, then (with `-P`) every exposed port not already
 * published gets a free host port. Ordered like Podman: tcp, then udp, then sctp, each in the
 * order given.
 */
export function resolvePorts(publish: PublishSpec[], exposed: string[], publishAll: boolean, pick: PickHostPort): PortMapping[] {
  const out: PortMapping[] = [];
  for (const p of publish) {
    for (const protocol of p.protocols) {
      const hostPort = p.hostPort?.start ?? pick(p.container.count, protocol, p.hostIp);
      out.push({ host_ip: p.hostIp, container_port: p.container.start, host_port: hostPort, range: p.container.count, protocol });
    }
  }
  if (publishAll) {
    for (const key of exposed) {
      const [port, protocol] = key.split("/") as [string, string];
      const n = Number(port);
      if (out.some((m) => m.protocol === protocol && n >= m.container_port && n < m.container_port + m.range)) continue;
      out.push({ host_ip: "", container_port: n, host_port: pick(1, protocol, ""), range: 1, protocol });
    }
  }
  return out.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol));
}

/** Host ports two mappings would both use (same protocol and overlapping host address). */
export function conflictingPort(a: PortMapping, b: PortMapping): number | undefined {
  if (a.protocol !== b.protocol) return undefined;
  if (a.host_ip && b.host_ip && a.host_ip !== b.host_ip) return undefined;
  const lo = Math.max(a.host_port, b.host_port);
  const hi = Math.min(a.host_port + a.range, b.host_port + b.range);
  return lo < hi ? lo : undefined;
}

/** Each mapping expanded to single ports: `{containerPort, protocol, hostIp, hostPort}`. */
export function expandPorts(ports: PortMapping[]): { containerPort: number; protocol: string; hostIp: string; hostPort: number }[] {
  const out: { containerPort: number; protocol: string; hostIp: string; hostPort: number }[] = [];
  for (const m of ports) {
    for (let i = 0; i < Math.max(1, m.range); i++) {
      out.push({ containerPort: m.container_port + i, protocol: m.protocol, hostIp: m.host_ip, hostPort: m.host_port + i });
    }
  }
  return out;
}

/** The ps PORTS column: `0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9001->90-91/udp`. */
export function portsColumn(ports: PortMapping[]): string {
  return ports
    .map((p) => {
      const span = (start: number) => (p.range > 1 ? `${start}-${start + p.range - 1}` : `${start}`);
      return `${p.host_ip || "0.0.0.0"}:${span(p.host_port)}->${span(p.container_port)}/${p.protocol}`;
    })
    .join(", ");
}

/** inspect's `NetworkSettings.Ports` / `HostConfig.PortBindings`: exposed-only ports map to null. */
export function inspectPorts(ports: PortMapping[], exposed: string[]): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const key of exposed) out[key] = null;
  for (const p of expandPorts(ports)) {
    const key = `${p.containerPort}/${p.protocol}`;
    const list = out[key] ?? [];
    list.push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
    out[key] = list;
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}
