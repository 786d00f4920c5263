/**
 * Containerfile (Dockerfile) syntax: parser directives (`# escape=`, `# syntax=` is ignored),
 * comments, line continuations with the escape character, heredocs (`RUN <<EOF`, `COPY <<A /x`),
 * leading `--flag=value` options and the JSON (exec) form. Pure: text in, instructions out.
 * Variable substitution happens later, per instruction, with the build's ARG/ENV values.
 */
import { TspodError } from "../errors/tspod-error.ts";

export interface Heredoc {
  name: string;
  content: string;
  /** False when the delimiter was quoted (`<<"EOF"`): no variable expansion. */
  expand: boolean;
}

export interface Instruction {
  /** Upper-case keyword, e.g. `RUN`. */
  cmd: string;
  /** Leading `--name[=value]` options, in order. */
  flags: string[];
  /** The rest after keyword and flags (continuations joined, heredoc bodies removed). */
  rest: string;
  /** The JSON array when the rest is one (exec form). */
  json?: string[];
  heredocs: Heredoc[];
  /** The instruction as written (keyword, flags and rest, continuations joined). */
  original: string;
  /** 1-based line where it starts. */
  line: number;
}

export interface ParsedContainerfile {
  escape: string;
  instructions: Instruction[];
}

const HEREDOC_CMDS = new Set(["RUN", "COPY", "ADD"]);
const JSON_CMDS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK"]);

function parseDirectives(lines: string[]): { escape: string } {
  let escape = "\\";
  let i = 0;
  const seen = new Set<string>();
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/.exec(lines[i]!);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    if (seen.has(key)) break;
    seen.add(key);
    if (key === "escape") {
      if (m[2] !== "\\" && m[2] !== "`") throw new TspodError("invalid_argument", `invalid escape token '${m[2]}' does not match ` + "` or \\");
      escape = m[2]!;
    } else if (key !== "syntax" && key !== "check") break;
  }
  return { escape };
}

/** Splits leading `--flag` words off `text`. */
export function splitFlags(text: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = text.trimStart();
  for (;;) {
    const m = /^(--[^\s]+)(\s+|$)/.exec(rest);
    if (!m) break;
    flags.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  return { flags, rest: rest.trim() };
}

/** A JSON array of strings, or undefined when `text` is not one. */
export function parseJsonArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith("[")) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  } catch {
    /* shell form */
  }
  return undefined;
}

const HEREDOC_RE = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;

export function parseContainerfile(text: string): ParsedContainerfile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const { escape } = parseDirectives(lines);
  const instructions: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let line = lines[i]!;
    i++;
    if (/^\s*(#|$)/.test(line)) continue;
    // Join continuation lines; comment and empty lines inside a continuation are skipped.
    let joined = "";
    for (;;) {
      const trimmed = line.replace(/\s+$/, "");
      if (trimmed.endsWith(escape) && !trimmed.endsWith(escape + escape)) {
        joined += trimmed.slice(0, -1);
        let next: string | undefined;
        while (i < lines.length) {
          next = lines[i]!;
          i++;
          if (/^\s*#/.test(next) || /^\s*$/.test(next)) {
            next = undefined;
            continue;
          }
          break;
        }
        if (next === undefined) break;
        line = next;
        continue;
      }
      joined += line;
      break;
    }
    const m = /^\s*([A-Za-z]+)(\s+|$)([\s\S]*)$/.exec(joined);
    if (!m) throw new TspodError("invalid_argument", `dockerfile parse error on line ${startLine}: unknown instruction: ${joined.trim().split(/\s+/)[0]}`);
    const cmd = m[1]!.toUpperCase();
    const body = m[3]!.trim();
    const { flags, rest } = cmd === "FROM" || HEREDOC_CMDS.has(cmd) || cmd === "HEALTHCHECK" ? splitFlags(body) : { flags: [], rest: body };
    const heredocs: Heredoc[] = [];
    if (HEREDOC_CMDS.has(cmd) && !rest.startsWith("[")) {
      for (const hm of rest.matchAll(HEREDOC_RE)) {
        const strip = hm[1] === "-";
        const name = hm[3]!;
        const body: string[] = [];
        let closed = false;
        while (i < lines.length) {
          let l = lines[i]!;
          i++;
          if (strip) l = l.replace(/^\t+/, "");
          if (l === name) {
            closed = true;
            break;
          }
          body.push(l);
        }
        if (!closed) throw new TspodError("invalid_argument", `dockerfile parse error on line ${startLine}: unterminated heredoc ${name}`);
        heredocs.push({ name, content: body.join("\n") + "\n", expand: hm[2] === "" });
      }
    }
    const json = JSON_CMDS.has(cmd) && heredocs.length === 0 ? parseJsonArray(rest) : undefined;
    instructions.push({ cmd, flags, rest, ...(json ? { json } : {}), heredocs, original: joined.trim(), line: startLine });
  }
  return { escape, instructions };
}

/** Value of `--name=value` (or true for a bare `--name`) among `flags`; all values when repeated. */
export function flagValues(flags: string[], name: string): string[] {
  const out: string[] = [];
  for (const f of flags) {
    if (f === `--${name}`) out.push("true");
    else if (f.startsWith(`--${name}=`)) out.push(f.slice(name.length + 3));
  }
  return out;
}
