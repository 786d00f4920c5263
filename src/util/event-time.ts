/**
 * Podman's --since/--until values for events: RFC 3339 times (with or without a zone, or a date
 * alone), Unix timestamps (`1700000000`, `1700000000.5`) and Go durations before now (`10m`, `1h30m`).
 */
import { TspodError } from "../errors/tspod-error.ts";

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("1h30m", "10s", "1.5h") in milliseconds, or undefined when it is not one. */
export function parseGoDuration(value: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}

/** Milliseconds since the epoch for a --since/--until value. */
export function parseEventTime(value: string, now = Date.now()): number {
  const dur = parseGoDuration(value);
  if (dur !== undefined) return now - dur;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  let t = Number.NaN;
  if (/^\d{4}-\d\d-\d\d$/.test(value)) t = Date.parse(`${value}T00:00:00Z`);
  else if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value)) t = Date.parse(`${value.replace(" ", "T")}Z`);
  else if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(value)) t = Date.parse(value.replace(" ", "T"));
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `failed to parse time "${value}"`);
  return t;
}
