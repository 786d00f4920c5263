/**
 * Process rlimits, as Podman 4.3.1 sets them for a root container:
 * - the user's `--ulimit` values, or containers.conf `default_ulimits` when the user gave none;
 * - then RLIMIT_NOFILE and RLIMIT_NPROC, when still unset, at 1048576 (Podman's default).
 * Deviation (on purpose): defaults — containers.conf and the 1048576 fill-ins — are clamped to the
 * host's hard limit, because without CAP_SYS_RESOURCE runc cannot raise it and the container would
 * never start. An explicit `--ulimit` is passed as asked.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { OciRlimit } from "./oci-spec-types.ts";

/** 2^64-1, RLIM_INFINITY; serialize with `specToJson`. */
export const RLIM_INFINITY = 18446744073709551615n;

/** Podman's value for RLIMIT_NOFILE / RLIMIT_NPROC when nothing sets them. */
export const DEFAULT_RLIMIT_VALUE = 1048576;

const NAMES = new Set([
  "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
  "rss", "rtprio", "rttime", "sigpending", "stack",
]);

export type HostLimits = Record<string, { soft: number; hard: number }>;

/** Parses `name=soft[:hard]` (`-1` or `unlimited` = infinity) into an OCI rlimit. */
export function parseUlimit(text: string): OciRlimit {
  const eq = text.indexOf("=");
  if (eq < 0) throw new TspodError("invalid_argument", `invalid ulimit argument: ${text}`);
  const rawName = text.slice(0, eq).trim().toLowerCase();
  const name = rawName.startsWith("rlimit_") ? rawName.slice(7) : rawName;
  if (!NAMES.has(name)) throw new TspodError("invalid_argument", `invalid ulimit type: ${rawName}`);
  const values = text.slice(eq + 1).split(":");
  if (values.length > 2) throw new TspodError("invalid_argument", `too many limit value arguments - ${text.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  const soft = parseValue(values[0]!, text);
  const hard = values.length === 2 ? parseValue(values[1]!, text) : soft;
  if (big(soft) > big(hard)) {
    throw new TspodError("invalid_argument", `ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  }
  return { type: `RLIMIT_${name.toUpperCase()}`, soft, hard };
}

function parseValue(v: string, whole: string): number | bigint {
  const s = v.trim();
  if (s === "-1" || s.toLowerCase() === "unlimited") return RLIM_INFINITY;
  if (!/^\d+$/.test(s)) throw new TspodError("invalid_argument", `invalid ulimit argument: ${whole}`);
  const n = BigInt(s);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function big(v: number | bigint): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

function clamp(limit: OciRlimit, host: HostLimits): OciRlimit {
  const h = host[limit.type];
  if (!h) return limit;
  const max = big(h.hard);
  const hard = big(limit.hard) > max ? h.hard : limit.hard;
  const soft = big(limit.soft) > big(hard) ? hard : limit.soft;
  return { type: limit.type, soft, hard };
}

/** The rlimits for the spec: user values as given, defaults clamped to the host's hard limits. */
export function resolveRlimits(user: string[] | undefined, defaults: string[], host: HostLimits): OciRlimit[] {
  const byType = new Map<string, OciRlimit>();
  if (user && user.length > 0) {
    for (const u of user) {
      const limit = parseUlimit(u);
      byType.set(limit.type, limit);
    }
  } else {
    for (const d of defaults) {
      const limit = clamp(parseUlimit(d), host);
      byType.set(limit.type, limit);
    }
  }
  for (const type of ["RLIMIT_NOFILE", "RLIMIT_NPROC"]) {
    if (!byType.has(type)) {
      byType.set(type, clamp({ type, soft: DEFAULT_RLIMIT_VALUE, hard: DEFAULT_RLIMIT_VALUE }, host));
    }
  }
  return [...byType.values()];
}
