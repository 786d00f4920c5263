/**
 * `-p` and `--expose` values parsed and validated the way Podman 4.3 does (specgenutil), with its
 * error texts: shared by the local engine (network/port-mappings.ts) and the remote client,
 * which sends them as the SpecGenerator's port mappings.
 */
import { exactError } from "../errors/tspod-error.ts";
import { formatIp, parseIp } from "./ip-math.ts";

export const PROTOCOLS = ["tcp", "udp", "sctp"];

export interface PortRange {
  start: number;
  count: number;
}

export const invalid = (message: string) => exactError("invalid_argument", message);

/** Go's strconv.Atoi (optional sign, 64-bit range). */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw invalid(`invalid port number: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = BigInt(text);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw invalid(`invalid port number: strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(n);
}

function portNumber(text: string): number {
  const n = atoi(text);
  if (n < 1 || n > 65535) throw invalid(`port numbers must be between 1 and 65535 (inclusive), got ${n}`);
  return n;
}

/** Podman's parseAndValidateRange: `80` or `80-90`. */
function portRange(text: string): PortRange {
  const parts = text.split("-");
  if (parts.length > 2) throw invalid("invalid port format - port ranges are formatted as startPort-stopPort");
  if (parts[0] === "") throw invalid("port numbers cannot be negative");
  const start = portNumber(parts[0]!);
  if (parts.length === 1) return { start, count: 1 };
  if (parts[1] === "") throw invalid("must provide ending number for port range");
  const end = portNumber(parts[1]!);
  if (end <= start) throw invalid(`the end port of a range must be higher than the start port - ${end} is not higher than ${start}`);
  return { start, count: end - start + 1 };
}

function within(what: string, fn: () => PortRange): PortRange {
  try {
    return fn();
  } catch (err) {
    throw invalid(`parsing ${what} port: ${(err as Error).message}`);
  }
}

/** Comma-separated protocols (case-insensitive, duplicates dropped, "" is tcp). */
function protocols(text: string | undefined): string[] {
  const out = new Set<string>();
  for (const raw of (text ?? "tcp").split(",")) {
    const p = raw.toLowerCase() || "tcp";
    if (!PROTOCOLS.includes(p)) throw invalid(`unrecognized protocol ${JSON.stringify(p)} in port mapping`);
    out.add(p);
  }
  return PROTOCOLS.filter((p) => out.has(p));
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
  const byProto = spec.split("/");
  if (byProto.length > 2) throw invalid("invalid port format - protocol can only be specified once");
  const proto = byProto[1];
  let rest = byProto[0]!;
  let hostIp: string | undefined;
  const byV6 = rest.split("]");
  const v6 = byV6.length === 2;
  if (byV6.length > 2) throw invalid("invalid port format - at most one IPv6 address can be specified in a --publish");
  if (v6) {
    if (!byV6[0]!.startsWith("[")) throw invalid("invalid port format - IPv6 addresses must be enclosed by []");
    if (!byV6[1]!.startsWith(":")) throw invalid("invalid port format - IPv6 address must be followed by a colon (':')");
    hostIp = byV6[0]!.slice(1);
    rest = byV6[1]!.slice(1);
  }
  const parts = rest.split(":");
  let hostText: string | undefined;
  let ctrText: string;
  if (parts.length === 1) {
    if (v6) throw invalid("invalid port format - must provide host and destination port if specifying an IP");
    ctrText = parts[0]!;
  } else if (parts.length === 2) {
    [hostText, ctrText] = parts as [string, string];
  } else if (parts.length === 3) {
    if (v6) throw invalid("invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort");
    [hostIp, hostText, ctrText] = parts as [string, string, string];
  } else {
    throw invalid("invalid port format - format is [[hostIP:]hostPort:]containerPort");
  }
  if (ctrText === "") throw invalid("must provide a non-empty container port to publish");
  const container = within("container", () => portRange(ctrText));
  if (proto === "") throw invalid("must provide a non-empty protocol to publish");
  let ip = "";
  if (hostIp !== undefined) {
    if (hostIp === "") throw invalid("must provide a non-empty container host IP to publish");
    if (hostIp !== "0.0.0.0") {
      const parsed = parseIp(hostIp);
      if (!parsed) throw invalid(`cannot parse ${JSON.stringify(hostIp)} as an IP address`);
      ip = formatIp(parsed);
    }
  }
  let hostPort: PortRange | undefined;
  if (hostText) {
    hostPort = within("host", () => portRange(hostText));
    if (hostPort.count !== container.count) throw invalid(`host and container port ranges have different lengths: ${hostPort.count} vs ${container.count}`);
  }
  return { hostIp: ip, hostPort, container, protocols: protocols(proto) };
}

/** Go's strconv.ParseUint(text, 10, 16). */
function parseUint16(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

/** `--expose 80`, `80/udp`, `8000-8010/tcp` → `80/tcp` keys. */
export function parseExpose(spec: string): string[] {
  const byProto = spec.split("/");
  if (byProto.length > 2) throw invalid("invalid expose format - protocol can only be specified once");
  const ports = byProto[0]!;
  let start: number;
  let end: number;
  try {
    if (ports === "") throw new Error("empty string specified for ports.");
    const parts = ports.split("-");
    start = parseUint16(parts[0]!);
    end = parts.length > 1 ? parseUint16(parts[1]!) : start;
    if (end < start) throw new Error(`Invalid range specified for the Port: ${ports}`);
  } catch (err) {
    throw invalid(`invalid range format for --expose: ${spec}: ${(err as Error).message}`);
  }
  if (start === 0) throw invalid("cannot expose 0 as it is not a valid port number");
  let list: string[];
  try {
    list = protocols(byProto[1]);
  } catch (err) {
    throw invalid(`validating protocols for exposed port ${start}: ${(err as Error).message}`);
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) for (const proto of list) out.push(`${p}/${proto}`);
  return out;
}
