import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCidFile, resolveDevice, resolveTimezone, writeCidFile } from "./create-host-files.ts";
import { readEnvFile, readLabelFile } from "../util/flag-files.ts";

const dir = mkdtempSync(join(tmpdir(), "tspod-host-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("env and label files", () => {
  test("env file: comments, blanks, host copies and prefixes", () => {
    const f = join(dir, "env");
    writeFileSync(f, "# c\n\nA=1\n  B=two=2\nFROM_HOST\nMISSING\nPRE*\n");
    expect(readEnvFile(f, { FROM_HOST: "h", PRE_X: "x", PRE_Y: "y" })).toEqual({ A: "1", B: "two=2", FROM_HOST: "h", PRE_X: "x", PRE_Y: "y" });
    expect(() => readEnvFile(join(dir, "nope"), {})).toThrow(`parsing env file "${join(dir, "nope")}": open ${join(dir, "nope")}: no such file or directory`);
  });
  test("label file", () => {
    const f = join(dir, "labels");
    writeFileSync(f, "# c\na=1\n\nbare\n");
    expect(readLabelFile(f)).toEqual(["a=1", "bare"]);
    expect(() => readLabelFile(join(dir, "nope"))).toThrow("unable to process labels: open");
  });
});

describe("devices", () => {
  test("/dev/null with a container path and permissions", () => {
    expect(resolveDevice("/dev/null:/dev/mynull:r")).toMatchObject({ hostPath: "/dev/null", path: "/dev/mynull", type: "c", major: 1, minor: 3, access: "r" });
    expect(resolveDevice("/dev/null:rw")).toMatchObject({ path: "/dev/null", access: "rw" });
    expect(resolveDevice("/dev/zero")).toMatchObject({ path: "/dev/zero", major: 1, minor: 5, access: "rwm" });
  });
  test("errors", () => {
    expect(() => resolveDevice("/nonexistent")).toThrow("stat /nonexistent: no such file or directory");
    expect(() => resolveDevice("/etc/hostname")).toThrow("/etc/hostname is not a valid device");
    expect(() => resolveDevice("/dev/null:/x:rwz")).toThrow("invalid device mode: rwz");
    expect(() => resolveDevice("/dev/null:rel:rw")).toThrow("rel is not an absolute path");
  });
});

describe("time zones and cid files", () => {
  test("zones resolve under /usr/share/zoneinfo; escapes are refused", () => {
    expect(() => resolveTimezone("Foo/Bar")).toThrow("stat /usr/share/zoneinfo/Foo/Bar: no such file or directory");
    expect(() => resolveTimezone("../../etc/passwd")).toThrow("invalid timezone");
  });
  test("a cid file is written once", () => {
    const f = join(dir, "cid");
    checkCidFile(f);
    writeCidFile(f, "abc");
    expect(readFileSync(f, "utf8")).toBe("abc");
    expect(() => checkCidFile(f)).toThrow(`container id file exists. Ensure another container is not using it or delete ${f}`);
    expect(() => writeCidFile(f, "def")).toThrow();
  });
});
