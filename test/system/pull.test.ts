// pull + images against throw-away local registries (plain HTTP and TLS with a private CA).

import { describe, expect, test } from "bun:test";
import { HEX12, HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "pull", tls: true });

function expectProgress(stderr: string, ref: string) {
  expect(stderr).toContain(`Trying to pull ${ref}...`);
  expect(stderr).toMatch(/^Copying blob [0-9a-f]{12} /m);
  expect(stderr).toMatch(/^Copying config [0-9a-f]{12} done/m);
  expect(stderr).toContain("Writing manifest to image destination");
}

async function imageNames(store = { root: t.root, runroot: t.runroot }): Promise<string[]> {
  const r = await t.ok(["images", "--format", "json"], { store });
  return parseJson<any[]>(r.stdout).flatMap((i) => i.Names ?? i.RepoTags ?? []);
}

describe("pull over plain HTTP", () => {
  test("OCI image with --tls-verify=false", async () => {
    const ref = t.img("busybox");
    const r = await t.ok(["pull", "--tls-verify=false", ref]);
    expect(r.out).toMatch(HEX64);
    expectProgress(r.stderr, ref);
    expect(r.stderr).toMatch(/^Copying blob [0-9a-f]{12} done/m);
    expect(await imageNames()).toContain(ref);
  });

  test("re-pull says the blob already exists and yields the same id", async () => {
    const ref = t.img("busybox");
    const first = await t.ok(["images", "-q", "--no-trunc", ref]);
    const r = await t.ok(["pull", "--tls-verify=false", ref]);
    expect(r.stderr).toMatch(/^Copying blob [0-9a-f]{12} skipped: already exists/m);
    expect(first.out.replace(/^sha256:/, "")).toBe(r.out);
  });

  test("Docker v2s2 image", async () => {
    const ref = t.img("busybox-docker");
    const r = await t.ok(["pull", "--tls-verify=false", ref]);
    expect(r.out).toMatch(HEX64);
    expectProgress(r.stderr, ref);
    expect(await imageNames()).toContain(ref);
  });

  test("-q prints only the id", async () => {
    const r = await t.ok(["pull", "-q", "--tls-verify=false", t.img("layered")]);
    expect(r.out).toMatch(HEX64);
    expect(r.stderr).not.toContain("Copying");
  });

  test("insecure registry from registries.conf, without --tls-verify", async () => {
    const conf = t.writeRegistriesConf("insecure.conf", { insecure: [t.host] });
    const store = t.newStore("insecure");
    const r = await t.ok(["pull", t.img("busybox-docker")], { store, env: { CONTAINERS_REGISTRIES_CONF: conf } });
    expect(r.out).toMatch(HEX64);
    expect(await imageNames(store)).toEqual([t.img("busybox-docker")]);
  });

  test("without --tls-verify=false or an insecure entry, HTTP is refused", async () => {
    const store = t.newStore("secure");
    const r = await t.tspod(["pull", t.img("busybox")], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
    expect(r.stdout).toBe("");
    expect(await imageNames(store)).toEqual([]);
  });

  test("short name resolves through unqualified-search-registries", async () => {
    const conf = t.writeRegistriesConf("search.conf", { search: [t.host], insecure: [t.host] });
    const store = t.newStore("short");
    const env = { CONTAINERS_REGISTRIES_CONF: conf };
    const r = await t.ok(["pull", "layered"], { store, env });
    expect(r.out).toMatch(HEX64);
    expect(r.stderr).toContain(`Trying to pull ${t.img("layered")}...`);
    expect(await imageNames(store)).toEqual([t.img("layered")]);
  });

  test("missing tag: exit 125 and a clear message", async () => {
    const ref = `${t.host}/busybox:nope`;
    const r = await t.tspod(["pull", "--tls-verify=false", ref]);
    expect(r.code).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Error: .*nope/m);
    expect(r.stderr).toMatch(/manifest unknown|not found/i);
    expect(await imageNames()).not.toContain(ref);
  });

  test("missing repository: exit 125", async () => {
    const r = await t.tspod(["pull", "--tls-verify=false", `${t.host}/does-not-exist`]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
  });
});

describe("pull over HTTPS", () => {
  test("--cert-dir trusts the registry's CA", async () => {
    const reg = t.tlsRegistry!;
    const ref = `${reg.host}/busybox:latest`;
    const r = await t.ok(["pull", "--cert-dir", reg.certDir!, ref]);
    expect(r.out).toMatch(HEX64);
    expectProgress(r.stderr, ref);
    expect(await imageNames()).toContain(ref);
  });

  test("without trust: exit 125 and no image recorded", async () => {
    const reg = t.tlsRegistry!;
    const ref = `${reg.host}/layered:latest`;
    const store = t.newStore("untrusted");
    const r = await t.tspod(["pull", ref], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
    expect(r.stderr).toMatch(/certificate|x509|tls|verify/i);
    expect(await imageNames(store)).toEqual([]);
  });

  test("--tls-verify=false skips verification", async () => {
    const reg = t.tlsRegistry!;
    const ref = `${reg.host}/layered:latest`;
    const r = await t.ok(["pull", "--tls-verify=false", ref]);
    expect(r.out).toMatch(HEX64);
    expect(await imageNames()).toContain(ref);
  });
});

describe("images", () => {
  test("table", async () => {
    const r = await t.ok(["images"]);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    const row = lines.find((l) => l.startsWith(`${t.host}/busybox `));
    expect(row).toBeDefined();
    expect(row!.split(/\s{2,}/).slice(0, 3)).toEqual([`${t.host}/busybox`, "latest", expect.stringMatching(HEX12)]);
    expect(row).toMatch(/\d+(\.\d+)? [kMG]?B$/);
  });

  test("--noheading --no-trunc", async () => {
    const r = await t.ok(["images", "--noheading", "--no-trunc"]);
    expect(r.out).not.toContain("REPOSITORY");
    for (const line of r.out.split("\n")) expect(line).toMatch(/\s(sha256:)?[0-9a-f]{64}\s/);
  });

  test("-q prints unique short ids", async () => {
    const r = await t.ok(["images", "-q"]);
    const ids = r.out.split("\n");
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(id).toMatch(HEX12);
  });

  test("--format json", async () => {
    const r = await t.ok(["images", "--format", "json"]);
    const list = parseJson<any[]>(r.stdout);
    expect(Array.isArray(list)).toBe(true);
    const layered = list.find((i) => (i.Names ?? []).includes(t.img("layered")));
    expect(layered).toBeDefined();
    expect(layered.Id).toMatch(HEX64);
    expect(layered.Size).toBeGreaterThan(1_000_000);
    expect(layered.Labels).toEqual({ "org.tspod.test": "yes" });
    expect(layered.RepoDigests.some((d: string) => /@sha256:[0-9a-f]{64}$/.test(d))).toBe(true);
    // busybox and busybox-docker share the config, hence the image
    const bb = list.find((i) => (i.Names ?? []).includes(t.img("busybox")));
    expect(bb.Names).toContain(t.img("busybox-docker"));
  });

  test("--format Go template", async () => {
    const r = await t.ok(["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    const lines = r.out.split("\n");
    expect(lines).toContain(t.img("busybox"));
    expect(lines).toContain(t.img("layered"));
  });
});
