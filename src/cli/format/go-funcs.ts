// The functions available in --format templates: Go text/template's builtins plus the
// ones Podman (containers/common report) adds: json, lower, upper, title, join, split,
// truncate, pad. Each throws a plain Error on misuse; the executor adds the location.
import { sprintf } from "./go-printf.ts";
import { goTruth, goTypeName, goValue, isGoInt } from "./go-value.ts";

// Templates call arbitrary user functions, so arguments are untyped.
export type TemplateFunc = (...args: any[]) => unknown;

/** Go's fmt.Sprint: spaces between operands when neither side is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += goValue(args[i]);
  }
  return out;
}

function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return goSprint(args);
}

function wantString(fn: string, v: unknown): string {
  if (typeof v !== "string") throw new Error(`wrong type for value; expected string; got ${goTypeName(v)}`);
  return v;
}

function wantInt(v: unknown): number {
  if (!isGoInt(v)) throw new Error(`wrong type for value; expected int; got ${goTypeName(v)}`);
  return v;
}

function arity(fn: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new Error(`wrong number of args for ${fn}: want ${min === max ? min : `at least ${min}`} got ${args.length}`);
  }
}

function basicKind(v: unknown): "string" | "number" | "bool" | "nil" | undefined {
  if (v === undefined || v === null) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  return undefined;
}

function eq(...args: unknown[]): boolean {
  if (args.length < 2) throw new Error("missing argument for comparison");
  const [a, ...rest] = args;
  const ka = basicKind(a);
  if (ka === undefined) throw new Error(`non-comparable type ${goValue(a)}: ${goTypeName(a)}`);
  for (const b of rest) {
    const kb = basicKind(b);
    if (kb === undefined) throw new Error(`non-comparable type ${goValue(b)}: ${goTypeName(b)}`);
    if (ka === "nil" || kb === "nil") {
      if (ka === kb) return true;
      continue;
    }
    if (ka !== kb) throw new Error("incompatible types for comparison");
    // Loose compare so a number equals the same bigint.
    if (a == b) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === undefined || ka === "nil" || ka === "bool") throw new Error(`invalid type for comparison`);
  if (ka !== kb) throw new Error("incompatible types for comparison");
  return (a as number | string) < (b as number | string);
}

function indexOne(item: unknown, key: unknown): unknown {
  if (item === undefined || item === null) throw new Error("index of untyped nil");
  if (typeof item === "string" || Array.isArray(item)) {
    const n = wantIndex(key);
    if (typeof item === "string") {
      const bytes = new TextEncoder().encode(item);
      if (n >= bytes.length) throw new Error(`index out of range: ${n}`);
      return bytes[n];
    }
    if (n >= item.length) throw new Error(`index out of range: ${n}`);
    return item[n];
  }
  if (item instanceof Map) return item.has(key) ? item.get(key) : zeroOf(item.values());
  if (typeof item === "object") {
    const obj = item as Record<string, unknown>;
    const k = String(key);
    return Object.hasOwn(obj, k) ? obj[k] : zeroOf(Object.values(obj));
  }
  throw new Error(`can't index item of type ${goTypeName(item)}`);
}

/** Missing map key: Go returns the element type's zero value; guess "" for string maps (labels, annotations). */
function zeroOf(values: Iterable<unknown>): unknown {
  for (const v of values) if (typeof v !== "string") return undefined;
  return "";
}

function wantIndex(key: unknown): number {
  if (!isGoInt(key)) throw new Error(`cannot index slice/array with type ${goTypeName(key)}`);
  if (key < 0) throw new Error(`index out of range: ${key}`);
  return key;
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (typeof item !== "string" && !Array.isArray(item)) throw new Error(`can't slice item of type ${goTypeName(item)}`);
  if (idx.length > 3 || (typeof item === "string" && idx.length > 2)) throw new Error(`too many slice indexes: ${idx.length}`);
  const len = item.length;
  const nums = idx.map(wantIndex);
  const lo = nums[0] ?? 0;
  const hi = nums[1] ?? len;
  if (lo > hi || hi > (nums[2] ?? len)) throw new Error(`invalid slice index: ${lo} > ${hi}`);
  if (hi > len) throw new Error(`index out of range: ${hi}`);
  return item.slice(lo, hi);
}

function length(v: unknown): number {
  if (typeof v === "string") return new TextEncoder().encode(v).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v !== null && typeof v === "object" && !(v instanceof Date)) return Object.keys(v).length;
  throw new Error(`len of type ${goTypeName(v)}`);
}

function urlquery(...args: unknown[]): string {
  const s = evalArgs(args);
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}

function html(...args: unknown[]): string {
  const map: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\uFFFD" };
  return evalArgs(args).replace(/[<>&'"\0]/g, (c) => map[c] ?? c);
}

function js(...args: unknown[]): string {
  const named: Record<string, string> = { "\\": "\\\\", "'": "\\'", '"': '\\"' };
  return evalArgs(args).replace(/[\\'"<>&=\u0000-\u001f]/g, (c) => {
    const n = named[c];
    if (n) return n;
    return "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  });
}

/** Go's encoding/json with SetEscapeHTML(false), compact, no trailing newline (Podman's `json`). */
export function goJson(v: unknown, indent: string | number = "", escapeHtml = false): string {
  let s = JSON.stringify(v === undefined ? null : v, (_k, val: unknown) => (val instanceof Map ? Object.fromEntries(val) : val), indent);
  if (s === undefined) s = "null";
  s = s.replace(/[\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16));
  if (escapeHtml) s = s.replace(/[<>&]/g, (c) => "\\u00" + c.charCodeAt(0).toString(16));
  return s;
}

/** Go's strings.Title: upper-case the first letter of each word. */
function title(s: unknown): string {
  let prevSep = true;
  let out = "";
  for (const ch of wantString("title", s)) {
    out += prevSep ? ch.toUpperCase() : ch;
    prevSep = !/[\p{L}\p{N}_']/u.test(ch);
  }
  return out;
}

function join(list: unknown, sep: unknown): string {
  const s = wantString("join", sep);
  if (typeof list === "string") return list;
  if (!Array.isArray(list)) throw new Error(`wrong type for value; expected []string; got ${goTypeName(list)}`);
  return list.map(goValue).join(s);
}

/** Builtin functions of Go's text/template. `and`/`or` are also short-circuited by the executor. */
export const builtinFuncs: Record<string, TemplateFunc> = {
  and: (...args: unknown[]) => {
    arity("and", args, 1, Infinity);
    for (const a of args) if (!goTruth(a)) return a;
    return args[args.length - 1];
  },
  or: (...args: unknown[]) => {
    arity("or", args, 1, Infinity);
    for (const a of args) if (goTruth(a)) return a;
    return args[args.length - 1];
  },
  not: (...args: unknown[]) => {
    arity("not", args, 1);
    return !goTruth(args[0]);
  },
  len: (...args: unknown[]) => {
    arity("len", args, 1);
    return length(args[0]);
  },
  index: (item: unknown, ...keys: unknown[]) => keys.reduce(indexOne, item),
  slice,
  print: (...args: unknown[]) => goSprint(args),
  println: (...args: unknown[]) => args.map(goValue).join(" ") + "\n",
  printf: (format: unknown, ...args: unknown[]) => sprintf(wantString("printf", format), args),
  eq,
  ne: (a: unknown, b: unknown) => !eq(a, b),
  lt,
  le: (a: unknown, b: unknown) => lt(a, b) || eq(a, b),
  gt: (a: unknown, b: unknown) => !lt(a, b) && !eq(a, b),
  ge: (a: unknown, b: unknown) => !lt(a, b),
  urlquery,
  html,
  js,
};

/** Podman's additional template functions (containers/common pkg/report). */
export const podmanFuncs: Record<string, TemplateFunc> = {
  json: (v: unknown) => goJson(v),
  lower: (s: unknown) => wantString("lower", s).toLowerCase(),
  upper: (s: unknown) => wantString("upper", s).toUpperCase(),
  title,
  join,
  split: (s: unknown, sep: unknown) => {
    const str = wantString("split", s);
    const sp = wantString("split", sep);
    return sp === "" ? [...str] : str.split(sp);
  },
  truncate: (s: unknown, n: unknown) => {
    const str = wantString("truncate", s);
    const len = wantInt(n);
    return str.length < len ? str : str.slice(0, len);
  },
  pad: (s: unknown, prefix: unknown, suffix: unknown) => {
    const str = wantString("pad", s);
    if (str === "") return str;
    return " ".repeat(Math.max(wantInt(prefix), 0)) + str + " ".repeat(Math.max(wantInt(suffix), 0));
  },
};
