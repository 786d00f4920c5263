// registries.conf features end to end: `pull` and `run` through bin/tspod against real fixture
// registries, with CONTAINERS_REGISTRIES_CONF pointing at TOML files written here.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, startRegistry, type Registry } from "../fixtures/registry.ts";
import { HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "regconf" });

/** An empty (but running) second registry: the first search registry, lacking every image. */
let empty: Registry;
beforeAll(async () => {
  empty = await startRegistry();
}, 120_000);
afterAll(async () => {
  await empty?.stop();
});

function conf(name: string, toml: string): { CONTAINERS_REGISTRIES_CONF: string } {
  const p = join(t.tmp, name);
  writeFileSync(p, toml);
  return { CONTAINERS_REGISTRIES_CONF: p };
}

async function imageNames(store: { root: string; runroot: string }): Promise<string[]> {
  const r = await t.ok(["images", "--format", "json"], { store });
  return parseJson<any[]>(r.stdout).flatMap((i) => i.Names ?? i.RepoTags ?? []);
}

const insecure = (host: string) => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`;

describe("unqualified-search-registries", () => {
  const search = () => `unqualified-search-registries = ["${empty.host}", "${t.host}"]\n`;

  for (const mode of ["permissive", "disabled", ""]) {
    test(`first registry lacks the image: resolves to the second (short-name-mode = "${mode}")`, async () => {
      const env = conf(`search-${mode || "unset"}.conf`, `${search()}short-name-mode = "${mode}"\n${insecure(empty.host)}${insecure(t.host)}`);
      const store = t.newStore(`search-${mode || "unset"}`);
      const r = await t.ok(["pull", "busybox"], { store, env });
      expect(r.out).toMatch(HEX64);
      expect(r.stderr).toContain(`Trying to pull ${empty.host}/busybox:latest...`);
      expect(r.stderr).toContain(`Trying to pull ${t.host}/busybox:latest...`);
      expect(await imageNames(store)).toEqual([`${t.host}/busybox:latest`]);
    });
  }

  test("run with a short name pulls from the second registry and runs", async () => {
    const env = conf("search-run.conf", `${search()}short-name-mode = "permissive"\n${insecure(empty.host)}${insecure(t.host)}`);
    const store = t.newStore("search-run");
    const r = await t.ok(["run", "--rm", "busybox", "echo", "hello-from-search"], { store, env, timeout: 120_000 });
    expect(r.stdout).toContain("hello-from-search");
    expect(await imageNames(store)).toEqual([`${t.host}/busybox:latest`]);
  });

  test('"enforcing" with several candidates and no TTY fails like Podman, nothing pulled', async () => {
    const env = conf("search-enforcing.conf", `${search()}short-name-mode = "enforcing"\n${insecure(empty.host)}${insecure(t.host)}`);
    const store = t.newStore("search-enforcing");
    const r = await t.tspod(["pull", "busybox"], { store, env });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Error: .*short-name resolution enforced but cannot prompt without a TTY/m);
    expect(r.stderr).not.toContain("Trying to pull");
    expect(await imageNames(store)).toEqual([]);
  });

  test('"enforcing" with a single search registry is unambiguous', async () => {
    const env = conf("search-one.conf", `unqualified-search-registries = ["${t.host}"]\nshort-name-mode = "enforcing"\n${insecure(t.host)}`);
    const store = t.newStore("search-one");
    await t.ok(["pull", "busybox"], { store, env });
    expect(await imageNames(store)).toEqual([`${t.host}/busybox:latest`]);
  });
});

describe("[aliases]", () => {
  test("pull <alias> pulls the aliased image", async () => {
    const env = conf("alias.conf", `[aliases]\nmyalias = "${t.host}/busybox"\n${insecure(t.host)}`);
    const store = t.newStore("alias");
    const r = await t.ok(["pull", "myalias"], { store, env });
    expect(r.out).toMatch(HEX64);
    expect(r.stderr).toContain(`Trying to pull ${t.host}/busybox:latest...`);
    expect(await imageNames(store)).toEqual([`${t.host}/busybox:latest`]);
  });

  test("run <alias> works too", async () => {
    const env = conf("alias-run.conf", `[aliases]\nmyalias = "${t.host}/busybox"\n${insecure(t.host)}`);
    const store = t.newStore("alias-run");
    const r = await t.ok(["run", "--rm", "myalias", "echo", "hello-from-alias"], { store, env, timeout: 120_000 });
    expect(r.stdout).toContain("hello-from-alias");
    expect(await imageNames(store)).toEqual([`${t.host}/busybox:latest`]);
  });
});

describe("[[registry]] prefix/location rewrite", () => {
  test("pull example.test/lib/busybox comes from the location, recorded under the requested name", async () => {
    const env = conf("rewrite.conf", `[[registry]]\nprefix = "example.test/lib"\nlocation = "${t.host}"\ninsecure = true\n`);
    const store = t.newStore("rewrite");
    const r = await t.ok(["pull", "example.test/lib/busybox"], { store, env });
    expect(r.out).toMatch(HEX64);
    const direct = await t.ok(["pull", "--tls-verify=false", t.img("busybox")], { store: t.newStore("rewrite-direct") });
    expect(r.out).toBe(direct.out);
    expect(await imageNames(store)).toEqual(["example.test/lib/busybox:latest"]);
  });

  test("run example.test/lib/busybox through the rewrite", async () => {
    const env = conf("rewrite-run.conf", `[[registry]]\nprefix = "example.test/lib"\nlocation = "${t.host}"\ninsecure = true\n`);
    const store = t.newStore("rewrite-run");
    const r = await t.ok(["run", "--rm", "example.test/lib/busybox", "echo", "hello-from-rewrite"], { store, env, timeout: 120_000 });
    expect(r.stdout).toContain("hello-from-rewrite");
    expect(await imageNames(store)).toEqual(["example.test/lib/busybox:latest"]);
  });
});

describe("[[registry.mirror]]", () => {
  test("unreachable primary: pull succeeds through an insecure mirror", async () => {
    const env = conf("mirror.conf", [
      `[[registry]]`, `location = "unreachable.invalid:5000"`, ``,
      `[[registry.mirror]]`, `location = "${t.host}"`, `insecure = true`, ``,
    ].join("\n"));
    const store = t.newStore("mirror");
    const r = await t.ok(["pull", "unreachable.invalid:5000/busybox"], { store, env });
    expect(r.out).toMatch(HEX64);
    expect(await imageNames(store)).toEqual(["unreachable.invalid:5000/busybox:latest"]);
  });

  test("a mirror that is down falls back to the next mirror", async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const env = conf("mirror-down.conf", [
      `[[registry]]`, `location = "unreachable.invalid:5000"`, ``,
      `[[registry.mirror]]`, `location = "${down}"`, `insecure = true`, ``,
      `[[registry.mirror]]`, `location = "${t.host}"`, `insecure = true`, ``,
    ].join("\n"));
    const store = t.newStore("mirror-down");
    const r = await t.ok(["pull", "unreachable.invalid:5000/layered"], { store, env });
    expect(r.out).toMatch(HEX64);
    expect(await imageNames(store)).toEqual(["unreachable.invalid:5000/layered:latest"]);
  });

  test("mirrors down (or lacking the image) fall back to the primary", async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const env = conf("mirror-primary.conf", [
      `[[registry]]`, `location = "${t.host}"`, `insecure = true`, ``,
      `[[registry.mirror]]`, `location = "${down}"`, `insecure = true`, ``,
      `[[registry.mirror]]`, `location = "${empty.host}"`, `insecure = true`, ``,
    ].join("\n"));
    const store = t.newStore("mirror-primary");
    const r = await t.ok(["pull", t.img("busybox")], { store, env });
    expect(r.out).toMatch(HEX64);
    expect(await imageNames(store)).toEqual([t.img("busybox")]);
  });

  test("every source failing: exit 125, nothing stored", async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const env = conf("mirror-all-down.conf", [
      `[[registry]]`, `location = "unreachable.invalid:5000"`, ``,
      `[[registry.mirror]]`, `location = "${down}"`, `insecure = true`, ``,
    ].join("\n"));
    const store = t.newStore("mirror-all-down");
    const r = await t.tspod(["pull", "unreachable.invalid:5000/busybox"], { store, env });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
    expect(await imageNames(store)).toEqual([]);
  });
});

describe("blocked = true", () => {
  test("pull from a blocked registry: exit 125, Podman's message, nothing stored", async () => {
    const env = conf("blocked.conf", `[[registry]]\nlocation = "${t.host}"\ninsecure = true\nblocked = true\n`);
    const store = t.newStore("blocked");
    const r = await t.tspod(["pull", t.img("busybox")], { store, env });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`Trying to pull ${t.img("busybox")}...`);
    expect(r.stderr).toMatch(new RegExp(`^Error: initializing source docker://${t.img("busybox").replace(/\./g, "\\.")}: registry ${t.host.replace(/\./g, "\\.")} is blocked in `, "m"));
    expect(await imageNames(store)).toEqual([]);
  });

  test("run of an image in a blocked registry fails the same way", async () => {
    const env = conf("blocked-run.conf", `[[registry]]\nlocation = "${t.host}"\ninsecure = true\nblocked = true\n`);
    const store = t.newStore("blocked-run");
    const r = await t.tspod(["run", "--rm", t.img("busybox"), "true"], { store, env });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/is blocked in /);
    expect(await imageNames(store)).toEqual([]);
  });
});
