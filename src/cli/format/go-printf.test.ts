import { describe, expect, test } from "bun:test";
import { goQuote, sprintf } from "./go-printf.ts";
import { goFloat, goNumber, goTime, goValue } from "./go-value.ts";

// Expected strings below were checked against Podman 4.3.1's (Go's) output, e.g.
// podman ps --format '{{printf "%v|%q|%x|%5.1f|%-5s|%05d|%t|%%|%d" ...}}'.
describe("sprintf verbs", () => {
  test("common verbs as observed from podman", () => {
    expect(sprintf("%v|%q|%x|%5.1f|%-5s|%05d|%t|%%|%d", ["c1", 'a"b', "hi", 3.14159, "ab", 42, true, 7])).toBe('c1|"a\\"b"|6869|  3.1|ab   |00042|true|%|7');
    expect(sprintf("%6.2f|%-8v|%+d|%x|%X|%o|%c|%e", [3.14159, "ab", 5, 255, 255, 8, 65, 1234.5678])).toBe("  3.14|ab      |+5|ff|FF|10|A|1.234568e+03");
  });
  test("width and precision", () => {
    expect(sprintf("[%5s][%-5s][%.2s][%5.1s][%*d][%-*d]", ["ab", "ab", "abc", "xyz", 4, 7, 3, 1])).toBe("[   ab][ab   ][ab][    x][   7][1  ]");
    expect(sprintf("%.2f %.0f %f %8.3f %08.3f", [2.345, 2.5, 1, -3.14159, -3.14159])).toBe("2.35 2 1.000000   -3.142 -003.142");
    expect(sprintf("%05d %+05d %.3d %x %#x %#o %b", [-42, 42, 7, -255, 255, 8, 5])).toBe("-0042 +0042 007 -ff 0xff 010 101");
  });
  test("exact ties round half to even like Go's strconv", () => {
    expect(sprintf("%.0f %.0f %.0f %.2f %.1f %.1f", [2.5, 3.5, -2.5, 0.125, 0.25, 0.35])).toBe("2 4 -2 0.12 0.2 0.3");
  });
  test("%v of composite values in Go style", () => {
    expect(sprintf("%v %v %v", [["a", "b"], { b: 2, a: 1 }, { m: { x: [1] } }])).toBe("[a b] map[a:1 b:2] map[m:map[x:[1]]]");
    expect(sprintf("%s %d %q", [["a", "b"], [1, 2], ["x"]])).toBe('[a b] [1 2] ["x"]');
    expect(sprintf("%v %v %v", [null, undefined, true])).toBe("<nil> <nil> true");
  });
  test("%g and float %v", () => {
    expect(sprintf("%v %v %v %v %v", [1e21, 1e20, 0.000001, 1.5, 1234567.5])).toBe("1e+21 1e+20 1e-06 1.5 1.2345675e+06");
    expect(sprintf("%g %.3g %.3g %G %.3e", [0.0001, 1234.5678, 1.5, 1e-7, 123456])).toBe("0.0001 1.23e+03 1.5 1E-07 1.235e+05");
  });
  test("%T and %U", () => {
    expect(sprintf("%T %T %T %T %T", ["s", 1, 1.5, true, []])).toBe("string int float64 bool []interface {}");
    expect(sprintf("%U", [0x1f600])).toBe("U+1F600");
  });
  test("bad verbs, missing and extra arguments (Go's %!)", () => {
    expect(sprintf("%s %d %d", [1, "x"])).toBe("%!s(int=1) %!d(string=x) %!d(MISSING)");
    expect(sprintf("x", [1, "a"])).toBe("x%!(EXTRA int=1, string=a)");
    expect(sprintf("%t %d", [1, 1.5])).toBe("%!t(int=1) %!d(float64=1.5)");
    expect(sprintf("%", [])).toBe("%!(NOVERB)");
  });
  test("%x on strings is hex of UTF-8 bytes", () => {
    expect(sprintf("%x %X % x", ["é", "hi", "ab"])).toBe("c3a9 6869 61 62");
  });
});

describe("Go value printing", () => {
  test("numbers", () => {
    expect(goNumber(1795438327)).toBe("1795438327");
    expect(goNumber(-0)).toBe("0");
    expect(goNumber(0.1)).toBe("0.1");
    expect(goNumber(1.5e-7)).toBe("1.5e-07");
    expect(goNumber(1e21)).toBe("1e+21");
    expect(goNumber(Number.NaN)).toBe("NaN");
    expect(goNumber(-Infinity)).toBe("-Inf");
  });
  test("goFloat edge cases", () => {
    expect(goFloat(100, "g", 3)).toBe("100");
    expect(goFloat(1e5, "g", 3)).toBe("1e+05");
    expect(goFloat(0.00012345, "g", -1)).toBe("0.00012345");
    expect(goFloat(0.000012345, "g", -1)).toBe("1.2345e-05");
    expect(goFloat(123456.7, "g", -1)).toBe("123456.7");
  });
  test("composites and time", () => {
    expect(goValue([1, "a", [true]])).toBe("[1 a [true]]");
    expect(goValue({ z: null, a: {} })).toBe("map[a:map[] z:<nil>]");
    expect(goValue(new Date(Date.UTC(2026, 10, 23, 12, 52, 7, 730)))).toBe("2026-11-23 12:52:07.73 +0000 UTC");
    expect(goTime(new Date(Date.UTC(2001, 0, 2, 3, 4, 5)))).toBe("2001-01-02 03:04:05 +0000 UTC");
  });
  test("goQuote matches strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\t\x01é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"');
  });
});
