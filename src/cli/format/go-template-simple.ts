/**
 * The common case of a --format template — literal text and `{{.Field}}` actions only, like every
 * default table format — executed without the lexer and parser: at start-up all code runs cold,
 * and the full engine costs about a millisecond per template. Anything else (functions, pipes,
 * chains, control structures, trim markers, Map data, errors) goes to the full engine.
 */
import { goValue } from "./go-value.ts";

export interface SimpleTemplate {
  execute(data: unknown): string | undefined;
  readonly fields: readonly string[][];
}

const SIMPLE = /^(?:[^{}]|\{(?!\{)|\}|\{\{ *\.[A-Za-z_][A-Za-z0-9_]* *\}\})*$/;
const ACTION = /\{\{ *\.([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;

/**
 * A simple template for `src`, or undefined when it needs the full engine. Its execute() returns
 * undefined when the data needs the full engine (not a plain object, or a strict-root field is
 * missing, whose error message the full engine words).
 */
export function simpleTemplate(src: string, strictRoot: boolean): SimpleTemplate | undefined {
  if (!src.includes("{{") || !SIMPLE.test(src)) return src.includes("{{") ? undefined : literal(src);
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of src.matchAll(ACTION)) {
    literals.push(src.slice(last, m.index));
    names.push(m[1]!);
    last = m.index! + m[0].length;
  }
  literals.push(src.slice(last));
  const fields = [...new Set(names)].map((n) => [n]);
  return {
    fields,
    execute(data: unknown): string | undefined {
      if (typeof data !== "object" || data === null || Array.isArray(data) || data instanceof Map || data instanceof Date) return undefined;
      const obj = data as Record<string, unknown>;
      let out = literals[0]!;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        if (strictRoot && !(name in obj)) return undefined;
        const v = obj[name];
        out += (v === undefined || typeof v === "function" ? "<no value>" : goValue(v)) + literals[i + 1]!;
      }
      return out;
    },
  };
}

function literal(src: string): SimpleTemplate {
  return { fields: [], execute: () => src };
}
