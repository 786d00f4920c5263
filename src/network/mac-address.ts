/** MAC address validation with Go's rules and Podman's error text. */
import { exactError } from "../errors/tspod-error.ts";

/** Go's net.ParseMAC: 6, 8 or 20 bytes as `aa:bb:…`, `aa-bb-…` or `aabb.ccdd.…`. */
export function checkMac(value: string, fail: (why: string) => Error = (why) => exactError("invalid_argument", why)): string {
  const sized = (n: number) => n === 6 || n === 8 || n === 20;
  const colon = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2})*$/.test(value) && sized(value.split(/[:-]/).length);
  const dotted = /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})*$/.test(value) && sized(value.split(".").length * 2);
  if (!colon && !dotted) throw fail(`address ${value}: invalid MAC address`);
  return value;
}
