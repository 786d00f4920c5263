/** `KEY=VALUE` list entries (labels, options) as the object the libpod API takes; a bare KEY maps to "". */
export function keyValues(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf("=");
    out[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? "" : kv.slice(i + 1);
  }
  return out;
}
