import { describe, expect, test } from "bun:test";
import { globToRegExp, isIgnored, parseIgnoreFile } from "./ignore-patterns.ts";

describe("ignore patterns", () => {
  test("globs", () => {
    expect(globToRegExp("*.txt").test("a.txt")).toBe(true);
    expect(globToRegExp("*.txt").test("d/a.txt")).toBe(false);
    expect(globToRegExp("**/*.txt").test("d/e/a.txt")).toBe(true);
    expect(globToRegExp("**/*.txt").test("a.txt")).toBe(true);
    expect(globToRegExp("f?le[0-9]").test("file7")).toBe(true);
  });
  test("exceptions and directories", () => {
    const p = parseIgnoreFile("# comment\n*.log\n!keep.log\nsecret/\n./build/**\n");
    expect(isIgnored(p, "a.log")).toBe(true);
    expect(isIgnored(p, "keep.log")).toBe(false);
    expect(isIgnored(p, "secret/x/y")).toBe(true);
    expect(isIgnored(p, "build/out/bin")).toBe(true);
    expect(isIgnored(p, "src/a.c")).toBe(false);
  });
});
