/**
 * Serializes an OCI spec to JSON for runc. Plain `JSON.stringify` cannot write `bigint`
 * (rlimits of 2^64-1 = unlimited); this writes them as exact JSON integers.
 */
import type { OciSpec } from "./oci-spec-types.ts";

const MARK = "\u0000bigint:";

export function specToJson(spec: OciSpec, indent?: number): string {
  try {
    // no bigint (the usual case): no replacer, which would run for every value of the spec
    return JSON.stringify(spec, undefined, indent);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  const text = JSON.stringify(spec, (_key, value: unknown) => (typeof value === "bigint" ? `${MARK}${value}` : value), indent);
  // JSON.stringify escapes the NUL marker as \u0000, so the pattern cannot match a real string.
  return text.replace(/"\\u0000bigint:(\d+)"/g, "$1");
}
