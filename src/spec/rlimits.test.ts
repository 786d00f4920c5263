import { describe, expect, test } from "bun:test";
import { parseUlimit, resolveRlimits, RLIM_INFINITY } from "./rlimits.ts";

const HOST = { RLIMIT_NOFILE: { soft: 1024, hard: 20000 }, RLIMIT_NPROC: { soft: 96365, hard: 96365 } };

describe("parseUlimit", () => {
  test("soft:hard", () => {
    expect(parseUlimit("nofile=1024:2048")).toEqual({ type: "RLIMIT_NOFILE", soft: 1024, hard: 2048 });
  });
  test("a single value sets both", () => {
    expect(parseUlimit("nproc=50")).toEqual({ type: "RLIMIT_NPROC", soft: 50, hard: 50 });
  });
  test("-1 and unlimited mean RLIM_INFINITY", () => {
    expect(parseUlimit("core=-1")).toEqual({ type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY });
    expect(parseUlimit("memlock=64:unlimited").hard).toBe(RLIM_INFINITY);
  });
  test("bad input", () => {
    expect(() => parseUlimit("nofile")).toThrow("invalid ulimit argument");
    expect(() => parseUlimit("bogus=1")).toThrow("invalid ulimit type: bogus");
    expect(() => parseUlimit("nofile=abc")).toThrow("invalid ulimit argument");
    expect(() => parseUlimit("nofile=2:1")).toThrow("soft limit must be less than or equal to hard limit");
    expect(() => parseUlimit("nofile=1:2:3")).toThrow("too many limit value arguments");
  });
});

describe("resolveRlimits", () => {
  test("defaults are clamped to the host hard limit so the container can start", () => {
    expect(resolveRlimits([], ["nofile=1048576:1048576"], HOST)).toEqual([
      { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 },
      { type: "RLIMIT_NPROC", soft: 96365, hard: 96365 },
    ]);
  });
  test("defaults below the host limit are kept", () => {
    expect(resolveRlimits(undefined, ["nofile=1024:1024", "nproc=4096:4096"], HOST)).toEqual([
      { type: "RLIMIT_NOFILE", soft: 1024, hard: 1024 },
      { type: "RLIMIT_NPROC", soft: 4096, hard: 4096 },
    ]);
  });
  test("with no defaults NOFILE and NPROC get Podman's 1048576, clamped", () => {
    expect(resolveRlimits([], [], HOST)).toEqual([
      { type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 },
      { type: "RLIMIT_NPROC", soft: 96365, hard: 96365 },
    ]);
    expect(resolveRlimits([], [], {})).toEqual([
      { type: "RLIMIT_NOFILE", soft: 1048576, hard: 1048576 },
      { type: "RLIMIT_NPROC", soft: 1048576, hard: 1048576 },
    ]);
  });
  test("user ulimits replace the defaults and are not clamped (Podman order kept)", () => {
    expect(resolveRlimits(["nofile=100:200", "core=-1"], ["nofile=1024:1024", "nproc=4096:4096"], HOST)).toEqual([
      { type: "RLIMIT_NOFILE", soft: 100, hard: 200 },
      { type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: RLIM_INFINITY },
      { type: "RLIMIT_NPROC", soft: 96365, hard: 96365 },
    ]);
    expect(resolveRlimits(["nofile=50000:50000"], [], HOST)[0]).toEqual({ type: "RLIMIT_NOFILE", soft: 50000, hard: 50000 });
  });
  test("an unlimited default is clamped too", () => {
    expect(resolveRlimits([], ["nofile=-1"], HOST)[0]).toEqual({ type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 });
  });
});
