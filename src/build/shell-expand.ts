/**
 * Containerfile word processing (what Docker's shell lexer does for ENV, LABEL, COPY, WORKDIR …):
 * quotes removed, the escape character honoured, and `$var`, `${var}`, `${var:-default}`,
 * `${var-default}`, `${var:+alt}`, `${var+alt}` and `${var:?message}` substituted. Pure.
 */
import { TspodError } from "../errors/tspod-error.ts";

export type VarLookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly lookup: VarLookup,
    readonly escape: string,
  ) {}

  /** Reads `${…}` or `$name` at pos (pointing after `$`); returns the substituted text. */
  dollar(): string {
    const t = this.text;
    if (t[this.pos] === "{") {
      let depth = 1;
      let j = this.pos + 1;
      while (j < t.length && depth > 0) {
        if (t[j] === this.escape) j++;
        else if (t[j] === "{") depth++;
        else if (t[j] === "}") depth--;
        j++;
      }
      if (depth !== 0) throw new TspodError("invalid_argument", `missing '}' in ${JSON.stringify(t)}`);
      const inner = t.slice(this.pos + 1, j - 1);
      this.pos = j;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
      if (!m) throw new TspodError("invalid_argument", `bad substitution: \${${inner}}`);
      const value = this.lookup(m[1]!);
      const op = m[2];
      if (!op) return value ?? "";
      const word = () => expandWord(m[3] ?? "", this.lookup, this.escape);
      const unsetOrEmpty = op.startsWith(":") ? !value : value === undefined;
      switch (op.replace(":", "")) {
        case "-":
          return unsetOrEmpty ? word() : value!;
        case "+":
          return unsetOrEmpty ? "" : word();
        default:
          if (unsetOrEmpty) throw new TspodError("invalid_argument", `${m[1]}: ${word() || "is not allowed to be unset"}`);
          return value!;
      }
    }
    if (this.pos < t.length && NAME_START.test(t[this.pos]!)) {
      let j = this.pos + 1;
      while (j < t.length && NAME_CHAR.test(t[j]!)) j++;
      const name = t.slice(this.pos, j);
      this.pos = j;
      return this.lookup(name) ?? "";
    }
    return "$";
  }

  words(split: boolean): string[] {
    const t = this.text;
    const out: string[] = [];
    let cur = "";
    let inWord = false;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (split && /\s/.test(c)) {
        if (inWord) out.push(cur);
        cur = "";
        inWord = false;
        this.pos++;
        continue;
      }
      inWord = true;
      if (c === this.escape) {
        this.pos++;
        cur += this.pos < t.length ? t[this.pos++] : c;
      } else if (c === "'") {
        const end = t.indexOf("'", this.pos + 1);
        if (end < 0) throw new TspodError("invalid_argument", `unexpected end of statement while looking for matching single-quote`);
        cur += t.slice(this.pos + 1, end);
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos++;
        for (;;) {
          if (this.pos >= t.length) throw new TspodError("invalid_argument", `unexpected end of statement while looking for matching double-quote`);
          const d = t[this.pos]!;
          if (d === '"') {
            this.pos++;
            break;
          }
          if (d === this.escape && this.pos + 1 < t.length && ['"', "$", this.escape].includes(t[this.pos + 1]!)) {
            cur += t[this.pos + 1];
            this.pos += 2;
          } else if (d === "$") {
            this.pos++;
            cur += this.dollar();
          } else {
            cur += d;
            this.pos++;
          }
        }
      } else if (c === "$") {
        this.pos++;
        cur += this.dollar();
      } else {
        cur += c;
        this.pos++;
      }
    }
    if (inWord) out.push(cur);
    return out;
  }
}

/** One word: quotes removed, variables substituted, whitespace kept. */
export function expandWord(text: string, lookup: VarLookup, escape = "\\"): string {
  return new Scanner(text, lookup, escape).words(false).join("");
}

/** Whitespace-separated words, each processed like expandWord. */
export function expandWords(text: string, lookup: VarLookup, escape = "\\"): string[] {
  return new Scanner(text, lookup, escape).words(true);
}

/**
 * `KEY=VALUE …` pairs (ENV, LABEL, ARG), or the legacy `KEY VALUE` form where the value is the
 * rest of the line. Keys and values are processed like expandWord.
 */
export function expandPairs(text: string, lookup: VarLookup, escape = "\\", what = "ENV"): [string, string][] {
  const first = /^\s*([^\s=]+)(\s|$)/.exec(text);
  if (first && !first[1]!.includes("=")) {
    const key = expandWord(first[1]!, lookup, escape);
    const rest = text.slice(first[0].length).trim();
    if (what === "ARG") return [[key, ""]];
    if (!rest) throw new TspodError("invalid_argument", `${what} names can not be blank`.replace("names can not be blank", `${key} must have two arguments`));
    return [[key, expandWord(rest, lookup, escape)]];
  }
  const out: [string, string][] = [];
  for (const w of expandWords(text, lookup, escape)) {
    const eq = w.indexOf("=");
    if (eq <= 0) {
      if (what === "ARG") {
        out.push([w, ""]);
        continue;
      }
      throw new TspodError("invalid_argument", `Syntax error - can't find = in "${w}". Must be of the form: name=value`);
    }
    out.push([w.slice(0, eq), w.slice(eq + 1)]);
  }
  return out;
}

/** Substitutes variables only (heredoc bodies): quotes and other characters stay as written. */
export function expandVarsOnly(text: string, lookup: VarLookup, escape = "\\"): string {
  const s = new Scanner(text, lookup, escape);
  let out = "";
  while (s.pos < text.length) {
    const c = text[s.pos]!;
    if (c === escape && text[s.pos + 1] === "$") {
      out += "$";
      s.pos += 2;
    } else if (c === "$") {
      s.pos++;
      out += s.dollar();
    } else {
      out += c;
      s.pos++;
    }
  }
  return out;
}
