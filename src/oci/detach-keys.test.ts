import { expect, test } from "bun:test";
import { DetachKeyMatcher, parseDetachKeys } from "./detach-keys.ts";

test("parses Podman's detach key syntax", () => {
  expect([...parseDetachKeys("ctrl-p,ctrl-q")]).toEqual([16, 17]);
  expect([...parseDetachKeys("ctrl-@,a")]).toEqual([0, 97]);
  expect([...parseDetachKeys("")]).toEqual([]);
  expect(() => parseDetachKeys("ctrl-pp")).toThrow("invalid detach keys: ctrl-pp");
});

test("detaches on the sequence and forwards everything else", () => {
  const m = new DetachKeyMatcher(parseDetachKeys("ctrl-p,ctrl-q"));
  expect(m.push(Uint8Array.from([104, 16]))).toEqual({ forward: Uint8Array.from([104]), detach: false });
  expect(m.push(Uint8Array.from([105]))).toEqual({ forward: Uint8Array.from([16, 105]), detach: false });
  expect(m.push(Uint8Array.from([16, 16, 17]))).toEqual({ forward: Uint8Array.from([16]), detach: true });
});

test("an empty sequence never detaches", () => {
  const m = new DetachKeyMatcher(new Uint8Array(0));
  expect(m.push(Uint8Array.from([16, 17]))).toEqual({ forward: Uint8Array.from([16, 17]), detach: false });
});
