/**
 * `-p`, `--expose` and `-P` → netavark port mappings, and the ways Podman prints them (`port`,
 * the ps PORTS column, inspect's Ports/PortBindings). Parsing, validation and the joining of
 * adjacent ports into ranges follow Podman 4.3 (specgenutil and specgen/generate/ports.go), with
 * its error texts. Pure: free host ports come from a callback.
 */
import { invalid, PROTOCOLS, type PublishSpec } from "../util/publish-spec.ts";
import type { PortMapping } from "./network-types.ts";

/** Chooses free host ports: `(count, protocol, hostIp)` → first port of a free range. */
export type PickHostPort = (count: number, protocol: string, hostIp: string) => number;

/**
 * The container's port mappings the way Podman computes them: per host address and protocol,
 * fixed host ports sorted and adjacent ones joined into ranges (a host port given to two
 * different container ports within a range is a conflict), then the random-port ones joined by
 * container port, then (with `-P`) every exposed port not already published. Ordered tcp, udp,
 * then sctp.
 */
export function resolvePorts(publish: PublishSpec[], exposed: string[], publishAll: boolean, pick: PickHostPort): PortMapping[] {
  const groups = new Map<string, Map<string, PortMapping[]>>();
  for (const p of publish) {
    let byProto = groups.get(p.hostIp);
    if (!byProto) groups.set(p.hostIp, (byProto = new Map(PROTOCOLS.map((x) => [x, []]))));
    for (const protocol of p.protocols) {
      byProto.get(protocol)!.push({ host_ip: p.hostIp, container_port: p.container.start, host_port: p.hostPort?.start ?? 0, range: p.container.count, protocol });
    }
  }
  const out: PortMapping[] = [];
  const usedContainerPorts = new Map<string, Set<number>>(PROTOCOLS.map((p) => [p, new Set()]));
  const add = (m: PortMapping) => {
    out.push(m);
    for (let i = 0; i < m.range; i++) usedContainerPorts.get(m.protocol)!.add(m.container_port + i);
  };
  for (const [hostIp, byProto] of groups) {
    for (const [protocol, ports] of byProto) {
      const fixed = ports.filter((p) => p.host_port !== 0).sort((a, b) => a.host_port - b.host_port || a.container_port - b.container_port);
      let prev: PortMapping | undefined;
      for (const cur of fixed) {
        if (prev && prev.host_port + prev.range >= cur.host_port) {
          const diff = cur.host_port - prev.host_port;
          if (diff === cur.container_port - prev.container_port) {
            prev.range = Math.max(prev.range, cur.range + diff);
            continue;
          }
          if (prev.host_port + prev.range - 1 > cur.host_port) throw invalid(`conflicting port mappings for host port ${cur.host_port} (protocol ${protocol})`);
        }
        if (prev) add(prev);
        prev = cur;
      }
      if (prev) add(prev);
      prev = undefined;
      const random = ports.filter((p) => p.host_port === 0).sort((a, b) => a.container_port - b.container_port);
      for (const cur of random) {
        if (prev && prev.container_port + prev.range > cur.container_port) {
          prev.range = Math.max(prev.range, cur.container_port - prev.container_port + cur.range);
          continue;
        }
        if (prev) add({ ...prev, host_port: pick(prev.range, protocol, hostIp) });
        prev = cur;
      }
      if (prev) add({ ...prev, host_port: pick(prev.range, protocol, hostIp) });
    }
  }
  if (publishAll) {
    for (const key of exposed) {
      const [port, protocol] = key.split("/") as [string, string];
      const n = Number(port);
      if (usedContainerPorts.get(protocol)?.has(n)) continue;
      add({ host_ip: "", container_port: n, host_port: pick(1, protocol, ""), range: 1, protocol });
    }
  }
  return out.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol));
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
