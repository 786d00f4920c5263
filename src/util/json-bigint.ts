/** JSON that round-trips bigint values (stored as tagged strings), for records holding OCI specs. */

const TAG = "\u0000bigint:";

export function stringifyTagged(value: unknown): string {
  // A replacer runs for every value (thousands in a spec): only pay for it when there is a bigint,
  // which plain JSON.stringify reports by throwing.
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${TAG}${v}` : v));
  }
}

export function parseTagged<T>(text: string): T {
  // The reviver costs more than the parse itself: skip it when nothing is tagged.
  if (!text.includes("bigint:")) return JSON.parse(text) as T;
  return JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && v.startsWith(TAG) ? BigInt(v.slice(TAG.length)) : v)) as T;
}
