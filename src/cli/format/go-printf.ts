// Go's fmt.Sprintf for the verbs --format users write: %v %s %q %d %x %X %o %b %c %U
// %t %e %E %f %F %g %G %T %%, with flags (+ - # 0 space), width and precision (incl. *).
// Deliberate leniency: integral numbers accept float verbs (%f of 3 → "3.000000"),
// because JavaScript cannot tell Go's int from float64.
import { goFloat, goNumber, goTypeName, goValue, isGoInt, compareKeys } from "./go-value.ts";

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width: number; // -1 when unset
  prec: number; // -1 when unset
}

const utf8 = new TextEncoder();

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if ((c >= 0x80 && c < 0xa0) || c === 0xfffd) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

function badVerb(verb: string, arg: unknown): string {
  if (arg === undefined || arg === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${goValue(arg)})`;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const len = [...s].length;
  if (spec.width < 0 || len >= spec.width) return s;
  const n = spec.width - len;
  if (spec.minus) return s + " ".repeat(n);
  if (spec.zero) {
    if (numeric && /^[+\- ]/.test(s)) return s[0] + "0".repeat(n) + s.slice(1);
    return "0".repeat(n) + s;
  }
  return " ".repeat(n) + s;
}

function sign(n: number, body: string, spec: Spec): string {
  if (n < 0 || Object.is(n, -0)) return body.startsWith("-") ? body : "-" + body;
  if (spec.plus) return "+" + body;
  if (spec.space) return " " + body;
  return body;
}

function formatInt(n: number, verb: string, spec: Spec): string | undefined {
  const abs = Math.abs(n);
  let body: string;
  switch (verb) {
    case "d":
    case "v":
      body = BigInt(abs).toString();
      break;
    case "b":
      body = BigInt(abs).toString(2);
      break;
    case "o":
    case "O":
      body = BigInt(abs).toString(8);
      break;
    case "x":
      body = BigInt(abs).toString(16);
      break;
    case "X":
      body = BigInt(abs).toString(16).toUpperCase();
      break;
    case "c":
      return pad(String.fromCodePoint(n), spec, false);
    case "q":
      return pad("'" + String.fromCodePoint(n) + "'", spec, false);
    case "U":
      return pad("U+" + n.toString(16).toUpperCase().padStart(4, "0"), spec, false);
    default:
      return undefined;
  }
  if (spec.prec >= 0) body = body.padStart(spec.prec, "0");
  if (spec.sharp) {
    if (verb === "x") body = "0x" + body;
    else if (verb === "X") body = "0X" + body;
    else if (verb === "o" && !body.startsWith("0")) body = "0" + body;
    else if (verb === "b") body = "0b" + body;
  }
  if (verb === "O") body = "0o" + body;
  return pad(sign(n, body, spec), spec, spec.prec < 0);
}

function formatFloat(n: number, verb: string, spec: Spec): string | undefined {
  let s: string;
  switch (verb) {
    case "v":
      s = spec.prec >= 0 ? goFloat(n, "g", spec.prec) : goNumber(n);
      break;
    case "e":
    case "E":
      s = goFloat(n, "e", spec.prec);
      break;
    case "f":
    case "F":
      s = goFloat(n, "f", spec.prec);
      break;
    case "g":
    case "G":
      s = goFloat(n, "g", spec.prec);
      break;
    default:
      return undefined;
  }
  if (verb === "E" || verb === "G") s = s.toUpperCase();
  if (!s.startsWith("-") && Number.isFinite(n)) {
    if (spec.plus) s = "+" + s;
    else if (spec.space) s = " " + s;
  }
  return pad(s, spec, Number.isFinite(n));
}

function formatString(s: string, verb: string, spec: Spec): string | undefined {
  switch (verb) {
    case "v":
    case "s":
      return pad(spec.prec >= 0 ? [...s].slice(0, spec.prec).join("") : s, spec, false);
    case "q":
      return pad(goQuote(s), spec, false);
    case "x":
    case "X": {
      let bytes = utf8.encode(s);
      if (spec.prec >= 0) bytes = bytes.slice(0, spec.prec);
      let hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(spec.space ? " " : "");
      if (verb === "X") hex = hex.toUpperCase();
      return pad(hex, spec, false);
    }
    default:
      return undefined;
  }
}

function formatArg(arg: unknown, verb: string, spec: Spec): string {
  if (verb === "T") return pad(goTypeName(arg), spec, false);
  if (arg === undefined || arg === null) return verb === "v" ? pad("<nil>", spec, false) : badVerb(verb, arg);
  if (Array.isArray(arg)) {
    if (verb === "s" || verb === "v" || verb === "q" || verb === "d" || "xXofegt".includes(verb)) {
      return "[" + arg.map((a) => formatArg(a, verb, spec)).join(" ") + "]";
    }
    return badVerb(verb, arg);
  }
  if (arg instanceof Map || (typeof arg === "object" && !(arg instanceof Date))) {
    const entries: [unknown, unknown][] =
      arg instanceof Map ? [...arg.entries()] : Object.entries(arg as Record<string, unknown>);
    entries.sort((a, b) => compareKeys(a[0], b[0]));
    return "map[" + entries.map(([k, v]) => `${formatArg(k, verb, spec)}:${formatArg(v, verb, spec)}`).join(" ") + "]";
  }
  let out: string | undefined;
  if (typeof arg === "string") out = formatString(arg, verb, spec);
  else if (typeof arg === "boolean") out = verb === "t" || verb === "v" ? pad(String(arg), spec, false) : undefined;
  else if (typeof arg === "bigint") out = formatInt(Number(arg), verb, spec);
  else if (typeof arg === "number") {
    out = isGoInt(arg) ? formatInt(arg, verb, spec) : undefined;
    if (out === undefined) out = formatFloat(arg, verb, spec);
  } else if (verb === "v" || verb === "s") out = pad(goValue(arg), spec, false);
  return out ?? badVerb(verb, arg);
}

/** Go's fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = "";
  let argNum = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false, width: -1, prec: -1 };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === "-") spec.minus = true;
      else if (c === "+") spec.plus = true;
      else if (c === "#") spec.sharp = true;
      else if (c === "0") spec.zero = !spec.minus;
      else if (c === " ") spec.space = true;
      else break;
    }
    const readNum = (): number => {
      if (format[i] === "*") {
        i++;
        const a = args[argNum++];
        return isGoInt(a) ? a : -1;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return -1;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = readNum();
    if (spec.width < -1) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (format[i] === ".") {
      i++;
      spec.prec = Math.max(readNum(), 0);
    }
    if (i >= format.length) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++], verb, spec);
  }
  if (argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a === undefined || a === null ? "<nil>" : `${goTypeName(a)}=${goValue(a)}`));
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}
