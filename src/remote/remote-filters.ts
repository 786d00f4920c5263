/** Podman's `key=value` filter strings → the API's `filters` query value ({"key":["value"]}). */
export function filtersQuery(filters: string[] | undefined): string | undefined {
  if (!filters || filters.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of filters) {
    const i = f.indexOf("=");
    const key = i < 0 ? f : f.slice(0, i);
    (out[key] ??= []).push(i < 0 ? "" : f.slice(i + 1));
  }
  return JSON.stringify(out);
}
