/** JSON that round-trips bigint values (stored as tagged strings), for records holding OCI specs. */

const TAG = "\u0000bigint:";

export function stringifyTagged(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${TAG}${v}` : v));
}

export function parseTagged<T>(text: string): T {
  // The reviver costs a callback per value: skip it when nothing is tagged (the common case).
  if (!text.includes("\\u0000bigint:")) return JSON.parse(text) as T;
  return JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && v.startsWith(TAG) ? BigInt(v.slice(TAG.length)) : v)) as T;
}
