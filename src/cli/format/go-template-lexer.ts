// Lexer for Go text/template source: text, {{ actions }}, trim markers, comments.

export type TokenType =
  | "text"
  | "left" // {{
  | "right" // }}
  | "field" // .Name
  | "dot" // .
  | "var" // $ or $name
  | "ident" // function name
  | "keyword" // if else end range with break continue define template block
  | "bool"
  | "nil"
  | "string"
  | "number"
  | "pipe" // |
  | "lparen"
  | "rparen"
  | "comma"
  | "declare" // :=
  | "assign"; // =

export interface Token {
  type: TokenType;
  /** Source text, or for text/string tokens the decoded value. */
  value: string;
  pos: number;
  end: number;
  /** Whitespace precedes the token inside an action (ends a field chain). */
  spaced: boolean;
  num?: number;
}

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "break", "continue", "define", "template", "block"]);
const SPACE = " \t\r\n";
const isSpace = (c: string | undefined): boolean => c !== undefined && SPACE.includes(c);
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export class TemplateSyntaxError extends Error {}

/** Line number (1-based) of an offset, for error messages. */
export function lineOf(src: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < src.length; i++) if (src[i] === "\n") n++;
  return n;
}

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };

function unquote(body: string, quote: string, fail: (m: string) => never): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i] ?? "";
    if (e in ESCAPES && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) out += ESCAPES[e];
    else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail(`invalid syntax`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) fail(`invalid syntax`);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else fail(`invalid syntax`);
  }
  return out;
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, "");
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9]\d*(?:\.\d*)?(?:[eE][+-]?\d+)?|0?\.\d+(?:[eE][+-]?\d+)?|0\.\d*(?:[eE][+-]?\d+)?|0[eE][+-]?\d+)$/.exec(t);
  if (!m) return undefined;
  const body = m[2] as string;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[0-7]+$/.test(body)) n = parseInt(body.slice(1), 8);
  else n = Number(body);
  return m[1] === "-" ? -n : n;
}

/** Splits template source into tokens. Throws TemplateSyntaxError ("template: name:line: msg"). */
export function lexTemplate(src: string, name = ""): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNext = false;
  const fail = (pos: number, msg: string): never => {
    throw new TemplateSyntaxError(`template: ${name}:${lineOf(src, pos)}: ${msg}`);
  };
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) tokens.push({ type: "text", value: text, pos: i, end: src.length, spaced: false });
      break;
    }
    let p = open + 2;
    if (src[p] === "-" && isSpace(src[p + 1])) {
      text = text.replace(/[ \t\r\n]+$/, "");
      p += 2;
    }
    if (text) tokens.push({ type: "text", value: text, pos: i, end: open, spaced: false });
    // comment
    let q = p;
    while (isSpace(src[q])) q++;
    if (src.startsWith("/*", q)) {
      const close = src.indexOf("*/", q + 2);
      if (close < 0) fail(open, "unclosed comment");
      let r = close + 2;
      if (src.startsWith(" -}}", r)) {
        trimNext = true;
        r += 4;
      } else if (src.startsWith("}}", r)) r += 2;
      else fail(open, "comment ends before closing delimiter");
      i = r;
      continue;
    }
    tokens.push({ type: "left", value: "{{", pos: open, end: p, spaced: false });
    i = lexAction(src, p, tokens, fail);
    const last = tokens[tokens.length - 1] as Token;
    if (last.value === "-}}") {
      trimNext = true;
      last.value = "}}";
    }
  }
  return tokens;
}

function lexAction(src: string, start: number, tokens: Token[], fail: (pos: number, msg: string) => never): number {
  let i = start;
  let parenDepth = 0;
  let spaced = false;
  const push = (type: TokenType, value: string, pos: number, end: number, num?: number): void => {
    tokens.push({ type, value, pos, end, spaced, num });
    spaced = false;
  };
  for (;;) {
    if (i >= src.length) fail(start, "unclosed action");
    const c = src[i] as string;
    if (isSpace(c)) {
      while (isSpace(src[i])) i++;
      spaced = true;
      if (src.startsWith("-}}", i)) {
        if (parenDepth > 0) fail(i, "unclosed left paren");
        push("right", "-}}", i, i + 3);
        return i + 3;
      }
      continue;
    }
    if (src.startsWith("}}", i)) {
      if (parenDepth > 0) fail(i, "unclosed left paren");
      push("right", "}}", i, i + 2);
      return i + 2;
    }
    const pos = i;
    if (c === "|") push("pipe", c, pos, ++i);
    else if (c === "(") {
      parenDepth++;
      push("lparen", c, pos, ++i);
    } else if (c === ")") {
      if (--parenDepth < 0) fail(pos, `unexpected right paren`);
      push("rparen", c, pos, ++i);
    } else if (c === ",") push("comma", c, pos, ++i);
    else if (src.startsWith(":=", i)) push("declare", ":=", pos, (i += 2));
    else if (c === "=") push("assign", c, pos, ++i);
    else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") j++;
        if (src[j] === "\n") fail(pos, "unterminated quoted string");
        j++;
      }
      if (j >= src.length) fail(pos, "unterminated quoted string");
      push("string", unquote(src.slice(i + 1, j), '"', (m) => fail(pos, m)), pos, (i = j + 1));
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) fail(pos, "unterminated raw quoted string");
      push("string", src.slice(i + 1, j), pos, (i = j + 1));
    } else if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) fail(pos, "unterminated character constant");
      const ch = unquote(src.slice(i + 1, j), "'", (m) => fail(pos, m));
      if ([...ch].length !== 1) fail(pos, `malformed character constant: ${src.slice(i, j + 1)}`);
      push("number", src.slice(i, j + 1), pos, (i = j + 1), ch.codePointAt(0));
    } else if (/[0-9]/.test(c) || ((c === "-" || c === "+") && /[0-9.]/.test(src[i + 1] ?? "")) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < src.length && (isAlnum(src[j]) || src[j] === "." || ((src[j] === "+" || src[j] === "-") && /[eEpP]/.test(src[j - 1] ?? "")))) j++;
      const text = src.slice(i, j);
      const n = parseNumber(text);
      if (n === undefined) fail(pos, `bad number syntax: "${text}"`);
      push("number", text, pos, (i = j), n);
    } else if (c === ".") {
      let j = i + 1;
      while (isAlnum(src[j])) j++;
      push(j === i + 1 ? "dot" : "field", src.slice(i, j), pos, (i = j));
    } else if (c === "$") {
      let j = i + 1;
      while (isAlnum(src[j])) j++;
      push("var", src.slice(i, j), pos, (i = j));
    } else if (isAlnum(c)) {
      let j = i + 1;
      while (isAlnum(src[j])) j++;
      const word = src.slice(i, j);
      const type: TokenType = KEYWORDS.has(word) ? "keyword" : word === "true" || word === "false" ? "bool" : word === "nil" ? "nil" : "ident";
      push(type, word, pos, (i = j));
    } else {
      fail(pos, `bad character U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")} '${c}'`);
    }
  }
}
