import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyRegistriesToml, loadRegistriesConf, RegistriesConf } from "./registries-conf.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-regconf-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const MAIN = `
unqualified-search-registries = ["registry.fedoraproject.org", "docker.io"]
short-name-mode = "permissive"

[[registry]]
prefix = "example.com/foo"
location = "internal.example.com/bar"
insecure = true

[[registry.mirror]]
location = "mirror.local:5000/cache"
insecure = true

[[registry.mirror]]
location = "digest-mirror.local"
pull-from-mirror = "digest-only"

[[registry]]
location = "example.com"
blocked = true

[[registry]]
prefix = "*.wild.io"
insecure = true

[[registry]]
location = "localhost:5000"
insecure = true

[aliases]
"fedora" = "registry.fedoraproject.org/fedora"
`;

describe("registries.conf", () => {
  test("parses the v2 format", () => {
    const file = path.join(dir, "registries.conf");
    fs.writeFileSync(file, MAIN);
    const c = loadRegistriesConf({ path: file });
    expect(c.unqualifiedSearchRegistries).toEqual(["registry.fedoraproject.org", "docker.io"]);
    expect(c.shortNameMode).toBe("permissive");
    expect(c.aliases.fedora).toBe("registry.fedoraproject.org/fedora");
    expect(c.registries.length).toBe(4);
    expect(c.sources).toEqual([file]);
  });

  test("registryFor: longest prefix, boundaries, rewrite, wildcard", () => {
    const c = new RegistriesConf();
    applyRegistriesToml(c, MAIN, "t");
    const m = c.registryFor("example.com/foo/app:1")!;
    expect(m.entry.location).toBe("internal.example.com/bar");
    expect(m.rewrittenName).toBe("internal.example.com/bar/app:1");
    expect(m.entry.mirrors.map((x) => x.location)).toEqual(["mirror.local:5000/cache", "digest-mirror.local"]);
    expect(m.entry.mirrors[1]!.pullFromMirror).toBe("digest-only");
    expect(c.registryFor("example.com/foobar/x")!.entry.prefix).toBe("example.com"); // not "example.com/foo"
    expect(c.isBlocked("example.com/other")).toBe(true);
    expect(c.isBlocked("example.com/foo/app")).toBe(false);
    expect(c.registryFor("a.wild.io/x")!.entry.prefix).toBe("*.wild.io");
    expect(c.registryFor("wild.io/x")).toBeUndefined();
    expect(c.registryFor("quay.io/x")).toBeUndefined();
    expect(c.isInsecure("localhost:5000")).toBe(true);
    expect(c.isInsecure("b.wild.io:443")).toBe(true);
    expect(c.isInsecure("mirror.local:5000")).toBe(true);
    expect(c.isInsecure("quay.io")).toBe(false);
  });

  test("drop-ins override in lexical order", () => {
    const file = path.join(dir, "registries.conf");
    fs.writeFileSync(file, MAIN);
    const d = path.join(dir, "registries.conf.d");
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, "10-a.conf"), `unqualified-search-registries = ["quay.io"]\n[aliases]\n"x" = "quay.io/x/x"\n`);
    fs.writeFileSync(path.join(d, "20-b.conf"), `[[registry]]\nlocation = "localhost:5000"\ninsecure = false\n[aliases]\n"fedora" = ""\n`);
    fs.writeFileSync(path.join(d, "ignored.txt"), `garbage =`);
    const c = loadRegistriesConf({ path: file, dropInDir: d });
    expect(c.unqualifiedSearchRegistries).toEqual(["quay.io"]);
    expect(c.shortNameMode).toBe("permissive");
    expect(c.aliases).toEqual({ x: "quay.io/x/x" });
    expect(c.isInsecure("localhost:5000")).toBe(false);
    expect(c.sources.length).toBe(3);
  });

  test("v1 format tables", () => {
    const c = new RegistriesConf();
    applyRegistriesToml(c, `[registries.search]\nregistries = ["a.io"]\n[registries.insecure]\nregistries = ["b.io:5000"]\n[registries.block]\nregistries = ["c.io"]\n`, "v1");
    expect(c.unqualifiedSearchRegistries).toEqual(["a.io"]);
    expect(c.isInsecure("b.io:5000")).toBe(true);
    expect(c.isBlocked("c.io/x")).toBe(true);
  });

  test("errors name the file", () => {
    const file = path.join(dir, "bad.conf");
    fs.writeFileSync(file, `short-name-mode = "sometimes"\n`);
    let err: unknown;
    try {
      loadRegistriesConf({ path: file });
    } catch (e) {
      err = e;
    }
    expect(isErrorCode(err, "config")).toBe(true);
    expect((err as Error).message).toContain(file);
    fs.writeFileSync(file, `[[registry]\n`);
    expect(() => loadRegistriesConf({ path: file })).toThrow(file);
  });

  test("missing file → empty defaults (permissive, like Podman)", () => {
    const c = loadRegistriesConf({ path: path.join(dir, "none.conf") });
    expect(c.unqualifiedSearchRegistries).toEqual([]);
    expect(c.shortNameMode).toBe("permissive");
  });

  test("short-name-mode unset or empty → permissive; explicit enforcing kept", () => {
    const c = new RegistriesConf();
    applyRegistriesToml(c, `unqualified-search-registries = ["a.io"]\nshort-name-mode = ""\n`, "x.conf");
    expect(c.shortNameMode).toBe("permissive");
    applyRegistriesToml(c, `short-name-mode = "enforcing"\n`, "y.conf");
    expect(c.shortNameMode).toBe("enforcing");
  });

  test("the host's default file loads", () => {
    const c = loadRegistriesConf({});
    expect(Array.isArray(c.unqualifiedSearchRegistries)).toBe(true);
  });
});
