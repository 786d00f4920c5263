// The one --format renderer every tspod command uses (Podman's containers/common report
// package semantics): default table, `json`, `table <template>`, and plain Go templates.
import { goJson } from "./go-funcs.ts";
import { parseTemplate } from "./go-template.ts";
import { tabAlign } from "./tab-writer.ts";

export interface FormatRequest<Row> {
  /** The user's --format value, or undefined. */
  format?: string;
  /** Wire-cased row objects (ID, Names, ...). */
  rows: Row[];
  /** e.g. "table {{.ID}}\t{{.Image}}\t{{.Names}}" */
  defaultFormat: string;
  /** Field name (or dotted chain) → header text override, e.g. {ID: "CONTAINER ID"}. */
  headers?: Record<string, string>;
  /** --noheading */
  noHeading?: boolean;
  funcs?: Record<string, Function>;
  /** Indent of `--format json` output: Podman uses 4 for images/volumes, 2 for ps/network (default 4). */
  jsonIndent?: number | string;
  /** Template name for error messages, e.g. "ps". */
  name?: string;
}

export interface SingleOptions {
  /** JSON indent: 4 by default; inspect uses 5 ("     "), version 0 (compact). */
  jsonIndent?: number | string;
  funcs?: Record<string, Function>;
  name?: string;
}

const JSON_FORMAT = /^\s*(json|\{\{-?\s*json\s*\.?\s*-?\}\})\s*$/;
const TABLE_PREFIX = /^table(?: |$)/;

/** Podman's CLI escape handling: the two-character sequences `\t` and `\n` become tab and newline. */
export function normalizeFormat(s: string): string {
  return s.replaceAll("\\t", "\t").replaceAll("\\n", "\n");
}

/** Whether a --format value asks for JSON (`json`, `{{json .}}`, `{{ json }}`). */
export function isJsonFormat(s: string | undefined): boolean {
  return s !== undefined && JSON_FORMAT.test(s);
}

/** Podman's default header for a field: CamelCase split into words and upper-cased (CreatedAt → CREATED AT). */
export function headerFor(field: string): string {
  const runs: string[] = [];
  let prevClass = "";
  for (const ch of field) {
    const cls = /\p{Ll}/u.test(ch) ? "l" : /\p{Lu}/u.test(ch) ? "u" : /\p{N}/u.test(ch) ? "d" : "o";
    if (cls === prevClass && runs.length) runs[runs.length - 1] += ch;
    else runs.push(ch);
    prevClass = cls;
  }
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i] as string;
    const b = runs[i + 1] as string;
    if (/^\p{Lu}+$/u.test(a) && /^\p{Ll}/u.test(b)) {
      runs[i] = a.slice(0, -1);
      runs[i + 1] = a.slice(-1) + b;
    }
  }
  return runs
    .filter((r) => r !== "")
    .join(" ")
    .toUpperCase();
}

/** In table mode spaces between actions separate columns: replace them (outside {{ }}) with tabs. */
function spacesToTabs(format: string): string {
  return format
    .split(/(\{\{[\s\S]*?\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : part.replaceAll(" ", "\t")))
    .join("");
}

function headerRow(fields: readonly string[][], overrides: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const label = (chain: readonly string[]): string => {
    const key = chain.join(".");
    const last = chain[chain.length - 1] as string;
    return overrides[key] ?? overrides[last] ?? headerFor(last);
  };
  // Single fields first so `{{.A}}` wins over a nested `{{.A.B}}`.
  for (const chain of [...fields].sort((a, b) => a.length - b.length)) {
    let obj: Record<string, unknown> | undefined = row;
    for (let i = 0; obj && i < chain.length - 1; i++) {
      const k = chain[i] as string;
      if (obj[k] === undefined) obj[k] = {};
      const next: unknown = obj[k];
      obj = typeof next === "object" ? (next as Record<string, unknown>) : undefined;
    }
    const leaf = chain[chain.length - 1] as string;
    if (obj && !(leaf in obj)) obj[leaf] = label(chain);
  }
  return row;
}

const withNewline = (s: string): string => (s.endsWith("\n") ? s : s + "\n");

function toJson(value: unknown, indent: number | string): string {
  return goJson(value, indent, true) + "\n";
}

/** Renders rows for a list command. Returns the full text to print ("" or ending in "\n"). */
export function renderFormat<Row>(req: FormatRequest<Row>): string {
  const user = req.format === undefined || req.format === "" ? undefined : normalizeFormat(req.format);
  if (isJsonFormat(user)) return toJson(req.rows, req.jsonIndent ?? 4);
  let format = user ?? normalizeFormat(req.defaultFormat);
  if (format === "table") {
    const def = normalizeFormat(req.defaultFormat);
    format = TABLE_PREFIX.test(def) ? def : `table ${def}`;
  }
  const table = TABLE_PREFIX.test(format);
  const options = { name: req.name, strictRoot: true, rootTypeName: req.name ? `${req.name} row` : "row" };
  if (!table) {
    const tmpl = parseTemplate(withNewline(format), req.funcs, options);
    return req.rows.map((r) => tmpl.execute(r)).join("");
  }
  const body = withNewline(spacesToTabs(format.replace(TABLE_PREFIX, "")));
  const tmpl = parseTemplate(body, req.funcs, options);
  let out = "";
  if (!req.noHeading) {
    out += parseTemplate(body, req.funcs, { name: req.name }).execute(headerRow(tmpl.fields, req.headers ?? {}));
  }
  for (const r of req.rows) out += tmpl.execute(r);
  return tabAlign(out);
}

/**
 * Renders one value for inspect/version/info-style commands: no format or `json` → JSON
 * (4-space indent unless told otherwise); otherwise the template on the value plus "\n".
 * With defaultJson false and no format, returns "" (the command prints its own default view).
 */
export function renderSingle(format: string | undefined, value: unknown, defaultJson = true, options: SingleOptions = {}): string {
  const f = format === undefined || format === "" ? undefined : normalizeFormat(format);
  if (f === undefined) return defaultJson ? toJson(value, options.jsonIndent ?? 4) : "";
  if (isJsonFormat(f)) return toJson(value, options.jsonIndent ?? 4);
  const tmpl = parseTemplate(withNewline(f.replace(TABLE_PREFIX, "")), options.funcs, {
    name: options.name,
    strictRoot: true,
  });
  return tmpl.execute(value);
}
