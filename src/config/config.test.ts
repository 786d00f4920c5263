import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadContainersConf } from "./containers-conf.ts";
import { parseProcLimits } from "./host-limits.ts";

describe("containers.conf", () => {
  test("CONTAINERS_CONF replaces the default files and overrides defaults", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-conf-"));
    const file = path.join(dir, "containers.conf");
    fs.writeFileSync(file, '[containers]\ndefault_ulimits = ["nofile=100:200"]\npids_limit = 42\n[engine]\nruntime = "crun"\n');
    const conf = loadContainersConf({ CONTAINERS_CONF: file });
    expect(conf.containers.defaultUlimits).toEqual(["nofile=100:200"]);
    expect(conf.containers.pidsLimit).toBe(42);
    expect(conf.engine.runtime).toBe("crun");
    expect(conf.files).toEqual([file]);
    fs.rmSync(dir, { recursive: true });
  });

  test("bad values and missing files are clear errors", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-conf-"));
    const file = path.join(dir, "containers.conf");
    fs.writeFileSync(file, "[containers]\npids_limit = \"many\"\n");
    expect(() => loadContainersConf({ CONTAINERS_CONF: file })).toThrow("pids_limit must be a number");
    fs.writeFileSync(file, "[containers\n");
    expect(() => loadContainersConf({ CONTAINERS_CONF: file })).toThrow(/parsing/);
    expect(() => loadContainersConf({ CONTAINERS_CONF: path.join(dir, "none.conf") })).toThrow("does not exist");
    fs.rmSync(dir, { recursive: true });
  });
});

describe("host limits", () => {
  test("parses /proc/self/limits", () => {
    const text = [
      "Limit                     Soft Limit           Hard Limit           Units     ",
      "Max processes             96365                96365                processes ",
      "Max open files            1024                 20000                files     ",
      "Max core file size        0                    unlimited            bytes     ",
    ].join("\n");
    const limits = parseProcLimits(text);
    expect(limits.RLIMIT_NOFILE).toEqual({ soft: 1024, hard: 20000 });
    expect(limits.RLIMIT_NPROC?.hard).toBe(96365);
    expect(limits.RLIMIT_CORE?.hard).toBeGreaterThan(2 ** 63);
  });
});
