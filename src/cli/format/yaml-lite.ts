/**
 * A small YAML emitter for reports made of plain objects, arrays and scalars (`tspod info`'s
 * default output). Strings that YAML would read as something else are quoted.
 */

const PLAIN = /^[A-Za-z0-9_./@%+-][A-Za-z0-9_./@%+:() ,-]*$/;
const AMBIGUOUS = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?)$/i;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  const s = String(v);
  return PLAIN.test(s) && !AMBIGUOUS.test(s) && !s.endsWith(" ") && !s.includes(": ") ? s : JSON.stringify(s);
}

function isEmpty(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function emit(v: unknown, indent: string, lines: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item === "object" && item !== null && !isEmpty(item)) {
        const sub: string[] = [];
        emit(item, `${indent}  `, sub);
        lines.push(`${indent}- ${sub[0]!.trimStart()}`, ...sub.slice(1));
      } else lines.push(`${indent}- ${isEmpty(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
    }
    return;
  }
  for (const [key, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val === "object" && val !== null && !isEmpty(val)) {
      lines.push(`${indent}${key}:`);
      emit(val, Array.isArray(val) ? indent : `${indent}  `, lines);
    } else lines.push(`${indent}${key}: ${isEmpty(val) ? (Array.isArray(val) ? "[]" : "{}") : scalar(val)}`);
  }
}

export function toYaml(value: object): string {
  const lines: string[] = [];
  emit(value, "", lines);
  return `${lines.join("\n")}\n`;
}
