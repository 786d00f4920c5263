// Go's default printing of values (fmt's %v), applied to JavaScript data.
// Mapping: string → string, integral number → int, other number → float64,
// boolean → bool, array → slice, plain object / Map → map (keys sorted),
// Date → time.Time, null/undefined → nil.

/** Go's %v rendering of a value. `undefined`/`null` print as `<nil>` (the action-level `<no value>` is the caller's job). */
export function goValue(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Date) return goTime(v);
  if (Array.isArray(v)) return "[" + v.map(goValue).join(" ") + "]";
  if (v instanceof Uint8Array) return "[" + Array.from(v).join(" ") + "]";
  if (v instanceof Map) {
    const keys = [...v.keys()].sort(compareKeys);
    return "map[" + keys.map((k) => `${goValue(k)}:${goValue(v.get(k))}`).join(" ") + "]";
  }
  if (typeof v === "function") return "<func>";
  if (typeof v === "object") {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort(compareKeys);
    return "map[" + keys.map((k) => `${k}:${goValue(obj[k])}`).join(" ") + "]";
  }
  return String(v);
}

/** Go's key order for printing and ranging over maps: numbers numerically, strings by code unit. */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Integers that fit an int64 print as Go ints; everything else as Go's float64 %v. */
export function goNumber(n: number): string {
  if (isGoInt(n)) return Object.is(n, -0) ? "0" : BigInt(n).toString();
  return goFloat(n, "g", -1);
}

/** Whether a JS number is treated as a Go int (integral and within int64). */
export function isGoInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 2 ** 63;
}

/** Go's type name for a value, used in error messages and %!verb(type=value). */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return isGoInt(v) ? "int" : "float64";
  if (typeof v === "bigint") return "int64";
  if (typeof v === "boolean") return "bool";
  if (v instanceof Date) return "time.Time";
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "function") return "func";
  return "map[string]interface {}";
}

function fixExponent(s: string): string {
  // JS "1.5e+7" / "1e-7" → Go "1.5e+07" / "1e-07"
  return s.replace(/e([+-])(\d+)$/, (_m, sign: string, d: string) => `e${sign}${d.length < 2 ? "0" + d : d}`);
}

/** Go's float formatting for verbs e, f, g (prec -1 = shortest, as %v). */
export function goFloat(n: number, verb: "e" | "f" | "g", prec: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (verb === "f") {
    const p = prec < 0 ? 6 : Math.min(prec, 100);
    if (Math.abs(n) < 1e21) return toFixedHalfEven(n, p);
    return bigFixed(n, p);
  }
  if (verb === "e") return fixExponent(n.toExponential(prec < 0 ? 6 : Math.min(prec, 100)));
  // %g
  const shortest = prec < 0;
  const p = prec === 0 ? 1 : prec;
  const expStr = shortest ? n.toExponential() : n.toExponential(Math.min(p - 1, 100));
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(expStr);
  if (!m) return expStr;
  const sign = m[1] ?? "";
  const digits = ((m[2] ?? "") + (m[3] ?? "")).replace(/0+$/, "") || "0";
  const exp = Number(m[4]);
  let eprec = shortest ? 6 : p;
  const nd = digits.length;
  const dp = exp + 1;
  if (!shortest && eprec > nd && nd >= dp) eprec = nd;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" + e : e}`;
  }
  if (dp <= 0) return `${sign}0.${"0".repeat(-dp)}${digits}`;
  if (dp >= nd) return `${sign}${digits}${"0".repeat(dp - nd)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** toFixed rounds exact ties away from zero; Go (strconv) rounds them to even. */
function toFixedHalfEven(n: number, p: number): string {
  const fixed = n.toFixed(p);
  const exact = n.toFixed(Math.min(p + 25, 100));
  const frac = exact.split(".")[1] ?? "";
  if (!/^50*$/.test(frac.slice(p))) return fixed;
  const truncated = exact.slice(0, exact.length - (frac.length - p) - (p === 0 ? 1 : 0));
  const lastKept = truncated.replace(/\.$/, "").slice(-1);
  return Number(lastKept) % 2 === 0 ? truncated.replace(/\.$/, "") : fixed;
}

function bigFixed(n: number, p: number): string {
  const int = BigInt(Math.trunc(n)).toString();
  return p > 0 ? `${int}.${"0".repeat(p)}` : int;
}

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n));

/** Go's time.Time String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC". */
export function goTime(d: Date): string {
  const ms = d.getUTCMilliseconds();
  const frac = ms ? "." + String(ms).padStart(3, "0").replace(/0+$/, "") : "";
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${frac} +0000 UTC`
  );
}

/** Go's template truth: false, 0, nil, and empty strings, slices and maps are false. */
export function goTruth(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (typeof v === "number" && Number.isNaN(v)) return true;
  if (typeof v === "bigint") return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Date) return true;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}
