import { describe, expect, test } from "bun:test";
import { expandPairs, expandWord, expandWords } from "./shell-expand.ts";

const env: Record<string, string> = { A: "a", E: "", SP: "x y" };
const look = (n: string) => env[n];

describe("shell-expand", () => {
  test("plain and braced variables", () => {
    expect(expandWord("$A-${A}_$A1/$", look)).toBe("a-a_/$");
    expect(expandWord("$UNSET", look)).toBe("");
  });
  test("defaults and alternatives", () => {
    expect(expandWord("${UNSET:-d}", look)).toBe("d");
    expect(expandWord("${E:-d}", look)).toBe("d");
    expect(expandWord("${E-d}", look)).toBe("");
    expect(expandWord("${UNSET-d}", look)).toBe("d");
    expect(expandWord("${A:-d}", look)).toBe("a");
    expect(expandWord("${A:+alt}", look)).toBe("alt");
    expect(expandWord("${E:+alt}", look)).toBe("");
    expect(expandWord("${E+alt}", look)).toBe("alt");
    expect(expandWord("${UNSET:-$A}", look)).toBe("a");
    expect(() => expandWord("${UNSET:?need it}", look)).toThrow(/need it/);
  });
  test("quotes and escapes", () => {
    expect(expandWord("'$A'", look)).toBe("$A");
    expect(expandWord('"$A b"', look)).toBe("a b");
    expect(expandWord("\\$A", look)).toBe("$A");
    expect(expandWord('"\\"q\\""', look)).toBe('"q"');
    expect(expandWord("`$A", look, "`")).toBe("$A");
  });
  test("words", () => {
    expect(expandWords('a "b c" \'d e\' $SP ""', look)).toEqual(["a", "b c", "d e", "x y", ""]);
  });
  test("pairs", () => {
    expect(expandPairs('FOO=bar B="x y" C=$A', look)).toEqual([["FOO", "bar"], ["B", "x y"], ["C", "a"]]);
    expect(expandPairs("FOO bar baz", look)).toEqual([["FOO", "bar baz"]]);
    expect(() => expandPairs("A=1 B", look)).toThrow(/can't find =/);
  });
});
