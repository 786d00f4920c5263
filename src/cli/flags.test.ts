import { describe, expect, test } from "bun:test";
import { parseArgs, type FlagSpec } from "./flags.ts";

const specs: FlagSpec[] = [
  { name: "detach", short: "d", type: "bool", description: "" },
  { name: "interactive", short: "i", type: "bool", description: "" },
  { name: "tty", short: "t", type: "bool", description: "" },
  { name: "env", short: "e", type: "strings", description: "" },
  { name: "name", type: "string", description: "" },
  { name: "tail", type: "int", description: "", default: -1 },
  { name: "tls-verify", type: "bool", description: "", default: true },
];

describe("parseArgs", () => {
  test("long flags with and without =", () => {
    const p = parseArgs(["--name", "a", "--tail=3", "img"], specs);
    expect(p.flags.name).toBe("a");
    expect(p.flags.tail).toBe(3);
    expect(p.args).toEqual(["img"]);
  });

  test("combined short booleans and short values", () => {
    const p = parseArgs(["-dit", "-eA=1", "-e", "B=2", "img"], specs);
    expect(p.flags.detach && p.flags.interactive && p.flags.tty).toBe(true);
    expect(p.flags.env).toEqual(["A=1", "B=2"]);
  });

  test("booleans take =false, defaults stay until changed", () => {
    const p = parseArgs(["--tls-verify=false"], specs);
    expect(p.flags["tls-verify"]).toBe(false);
    expect(p.changed.has("tls-verify")).toBe(true);
    expect(parseArgs([], specs).flags["tls-verify"]).toBe(true);
    expect(parseArgs([], specs).changed.has("tls-verify")).toBe(false);
  });

  test("stopAtFirstArg leaves the container's own flags alone", () => {
    const p = parseArgs(["-d", "img", "ls", "-la", "--name", "x"], specs, { stopAtFirstArg: true });
    expect(p.flags.detach).toBe(true);
    expect(p.flags.name).toBeUndefined();
    expect(p.args).toEqual(["img", "ls", "-la", "--name", "x"]);
  });

  test("-- ends options", () => {
    expect(parseArgs(["--", "-d"], specs).args).toEqual(["-d"]);
  });

  test("errors use pflag's wording", () => {
    expect(() => parseArgs(["--nope"], specs)).toThrow("unknown flag: --nope");
    expect(() => parseArgs(["-x"], specs)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseArgs(["--name"], specs)).toThrow("flag needs an argument: --name");
    expect(() => parseArgs(["--tail", "abc"], specs)).toThrow('invalid argument "abc" for "--tail" flag');
  });
});
