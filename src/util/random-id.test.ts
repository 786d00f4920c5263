import { expect, test } from "bun:test";
import { randomHexId, randomIndex } from "./random-id.ts";

test("randomHexId gives 64 lowercase hex characters, different each time", () => {
  const a = randomHexId();
  expect(a).toMatch(/^[0-9a-f]{64}$/);
  expect(randomHexId()).not.toBe(a);
});

test("randomIndex stays in [0, max) and reaches every value", () => {
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const n = randomIndex(7);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(7);
    seen.add(n);
  }
  expect(seen.size).toBe(7);
});
