/**
 * Byte-order string comparison for sort(): what Go's sort.Strings does, and far cheaper at
 * start-up than localeCompare (whose first call initialises ICU collation, ~1 ms).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
