/**
 * Random identifiers from the global Web Crypto (no node:crypto import on the start-up path).
 */

/** 64 hex characters, the form of container, exec session and pod ids. */
export function randomHexId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString("hex");
}

/** A uniformly random integer in [0, max) for max ≤ 2^32. */
export function randomIndex(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while (word[0]! >= limit);
  return word[0]! % max;
}
