// CLI surface: version, help, errors for unknown commands/flags, --format json and Go templates.

import { describe, expect, test } from "bun:test";
import { parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "cli" });

describe("version and help", () => {
  test("--version prints the version", async () => {
    const r = await t.ok(["--version"]);
    expect(r.out).toMatch(/^tspod version \d+\.\d+\.\d+/);
    expect(r.stderr).toBe("");
  });

  test("-v is --version", async () => {
    const r = await t.ok(["-v"]);
    expect(r.out).toMatch(/^tspod version \d+\.\d+\.\d+/);
  });

  test("--help lists the commands", async () => {
    const r = await t.ok(["--help"]);
    expect(r.stdout).toContain("Usage:");
    expect(r.stdout).toContain("Available Commands:");
    for (const cmd of ["run", "ps", "pull", "images", "rm", "logs", "inspect", "wait", "start", "create", "version", "info"]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\s+\\S`, "m"));
    }
  });

  test("run --help shows usage and flags", async () => {
    const r = await t.ok(["run", "--help"]);
    expect(r.stdout).toMatch(/Usage:\s+tspod run \[options\] IMAGE \[COMMAND \[ARG\.\.\.\]\]/);
    for (const flag of ["--detach", "--env", "--entrypoint", "--name", "--rm", "--user", "--workdir", "--network"]) {
      expect(r.stdout).toContain(flag);
    }
  });

  test("help works at every level", async () => {
    for (const args of [["ps", "--help"], ["pull", "--help"], ["images", "--help"], ["container", "--help"], ["rm", "-h"]]) {
      const r = await t.tspod(args);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(r.stdout).toContain("Usage:");
    }
  });
});

describe("errors", () => {
  test("unknown command exits 125 with Podman's message", async () => {
    const r = await t.tspod(["foo"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Error: unrecognized command `tspod foo`");
    expect(r.stderr).toContain("Try 'tspod --help' for more information");
  });

  test("unknown flag exits 125", async () => {
    const r = await t.tspod(["run", "--badflag", "x"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Error: unknown flag: --badflag");
    expect(r.stdout).toBe("");
  });

  test("unknown global flag exits 125", async () => {
    const r = await t.tspod(["--badflag", "ps"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Error: unknown flag: --badflag");
  });
});

describe("version and info formats", () => {
  test("version --format json parses", async () => {
    const r = await t.ok(["version", "--format", "json"]);
    const v = parseJson(r.stdout);
    expect(v.Client.Version).toMatch(/^\d+\.\d+\.\d+/);
    expect(v.Client.OsArch).toMatch(/^linux\//);
  });

  test("version --format '{{.Client.Version}}' matches --version", async () => {
    const [tmpl, ver] = await Promise.all([t.ok(["version", "--format", "{{.Client.Version}}"]), t.ok(["--version"])]);
    expect(tmpl.out).toMatch(/^\d+\.\d+\.\d+/);
    expect(ver.out).toBe(`tspod version ${tmpl.out}`);
  });

  test("plain version output", async () => {
    const r = await t.ok(["version"]);
    expect(r.stdout).toMatch(/Version:\s+\d+\.\d+\.\d+/);
  });

  test("info --format json parses and reports our store", async () => {
    const r = await t.ok(["info", "--format", "json"]);
    const info = parseJson(r.stdout);
    // Podman's JSON uses camelCase keys; templates use the Go field names
    expect(info.host.arch).toBeString();
    expect(info.store.graphRoot).toBe(t.root);
    expect(info.store.runRoot).toBe(t.runroot);
  });

  test("info Go templates", async () => {
    const arch = await t.ok(["info", "--format", "{{.Host.Arch}}"]);
    const expected = process.arch === "x64" ? "amd64" : process.arch;
    expect(arch.out).toBe(expected);
    const gr = await t.ok(["info", "--format", "{{.Store.GraphRoot}}"]);
    expect(gr.out).toBe(t.root);
  });

  test("a bad template is an error, not a crash", async () => {
    const r = await t.tspod(["version", "--format", "{{.Client.Version"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
  });
});
