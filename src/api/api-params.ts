/** Query parameters as Docker's and Podman's clients send them. */
import { TspodError } from "../errors/tspod-error.ts";

/** Docker's booleans: 1/true/True (and a bare `?stream`) are true; absent gives `fallback`. */
export function qBool(q: URLSearchParams, name: string, fallback = false): boolean {
  const v = q.get(name);
  if (v === null) return fallback;
  if (v === "" || /^(1|true|yes)$/i.test(v)) return true;
  if (/^(0|false|no)$/i.test(v)) return false;
  throw new TspodError("invalid_argument", `invalid boolean value ${JSON.stringify(v)} for query parameter ${name}`);
}

export function qInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new TspodError("invalid_argument", `invalid integer value ${JSON.stringify(v)} for query parameter ${name}`);
  return n;
}

/**
 * `filters={"label":["a=b"],"status":{"running":true}}` → Podman's `key=value` strings. Both of
 * Docker's encodings (lists, and maps of value → true) are accepted.
 */
export function qFilters(q: URLSearchParams, name = "filters"): string[] {
  const raw = q.get(name);
  if (raw === null || raw.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TspodError("invalid_argument", `invalid filters ${JSON.stringify(raw)}: not JSON`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new TspodError("invalid_argument", `invalid filters ${JSON.stringify(raw)}: expected an object`);
  const out: string[] = [];
  for (const [key, values] of Object.entries(parsed as Record<string, unknown>)) {
    const list = Array.isArray(values) ? values : values && typeof values === "object" ? Object.keys(values).filter((k) => (values as Record<string, unknown>)[k]) : undefined;
    if (!list) throw new TspodError("invalid_argument", `invalid filter ${JSON.stringify(key)}: expected a list of values`);
    for (const v of list) {
      if (typeof v !== "string") throw new TspodError("invalid_argument", `invalid filter ${JSON.stringify(key)}: values must be strings`);
      out.push(`${key}=${v}`);
    }
  }
  return out;
}

/**
 * Docker's time parameters: unix seconds with an optional fraction ("1700000000.5"), or RFC 3339.
 * Go's zero time (Podman's client sends 0001-01-01T00:00:00Z for "unset") and 0 mean unset.
 */
export function qTime(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const t = /^-?\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 1000) : Date.parse(v);
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid time value ${JSON.stringify(v)} for query parameter ${name}`);
  return t <= 0 ? undefined : t;
}
