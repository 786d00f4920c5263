/** RFC 3339 nanosecond times as Go prints them (event times). */

/** Nanoseconds since the epoch of an event's Time (as a bigint, precise). */
export function eventTimeNanos(time: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return 0n;
  const secs = BigInt(Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000));
  const frac = BigInt((m[2] ?? "").padEnd(9, "0").slice(0, 9) || "0");
  return secs * 1_000_000_000n + frac;
}

/** Go's time.Time String() in UTC: "2026-11-23 13:19:46.358987952 +0000 UTC" (trailing zeros trimmed). */
export function goTimeString(time: string): string {
  const ns = eventTimeNanos(time);
  const secs = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  const iso = new Date(Number(secs) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ""} +0000 UTC`;
}
