// pull: platform selection from an OCI index (--platform / --arch / --os / --variant),
// --all-tags and --policy, against the fixture registry. The arm64 variant and the index are
// written here: the busybox layer with a config whose architecture is arm64.

import { beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "pullplat" });

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

function sha256(data: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

async function getJson(path: string, accept: string): Promise<{ bytes: Uint8Array; json: any }> {
  const res = await fetch(`http://${t.host}${path}`, { headers: { Accept: accept } });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, json: JSON.parse(new TextDecoder().decode(bytes)) };
}

async function pushBlob(repo: string, data: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const start = await fetch(`http://${t.host}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  const loc = new URL(start.headers.get("location")!, `http://${t.host}`);
  loc.searchParams.set("digest", digest);
  const put = await fetch(loc, { method: "PUT", body: data, headers: { "Content-Type": "application/octet-stream" } });
  expect(put.status).toBe(201);
  return { digest, size: data.length };
}

async function putManifest(repo: string, ref: string, body: string, mediaType: string): Promise<string> {
  const res = await fetch(`http://${t.host}/v2/${repo}/manifests/${ref}`, { method: "PUT", body, headers: { "Content-Type": mediaType } });
  expect(res.status).toBe(201);
  return res.headers.get("docker-content-digest")!;
}

function skopeoCopy(from: string, to: string): void {
  const r = Bun.spawnSync({
    cmd: ["skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", `docker://${from}`, `docker://${to}`],
    stdout: "pipe",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) throw new Error(`skopeo copy ${from} ${to}: ${r.stderr.toString()}`);
}

let amd64Id: string;
let arm64Id: string;
let armV7Id: string;
const multi = () => `${t.host}/busybox:multi`;

beforeAll(async () => {
  const amd = await getJson("/v2/busybox/manifests/latest", OCI_MANIFEST);
  const cfg = await getJson(`/v2/busybox/blobs/${amd.json.config.digest}`, "*/*");
  amd64Id = amd.json.config.digest.slice(7);
  const variants: { arch: string; variant?: string }[] = [{ arch: "arm64", variant: "v8" }, { arch: "arm", variant: "v7" }];
  const entries: any[] = [{ mediaType: OCI_MANIFEST, digest: sha256(amd.bytes), size: amd.bytes.length, platform: { os: "linux", architecture: "amd64" } }];
  for (const v of variants) {
    const config = { ...cfg.json, architecture: v.arch, ...(v.variant ? { variant: v.variant } : {}) };
    const blob = await pushBlob("busybox", new TextEncoder().encode(JSON.stringify(config)));
    if (v.arch === "arm64") arm64Id = blob.digest.slice(7);
    else armV7Id = blob.digest.slice(7);
    const manifest = JSON.stringify({ ...amd.json, config: { ...amd.json.config, ...blob } });
    const digest = await putManifest("busybox", sha256(manifest), manifest, OCI_MANIFEST);
    entries.push({ mediaType: OCI_MANIFEST, digest, size: manifest.length, platform: { os: "linux", architecture: v.arch, ...(v.variant ? { variant: v.variant } : {}) } });
  }
  await putManifest("busybox", "multi", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }), OCI_INDEX);
  skopeoCopy(t.img("busybox"), `${t.host}/alltags:one`);
  skopeoCopy(t.img("layered"), `${t.host}/alltags:two`);
});

async function pull(args: string[], name: string) {
  return t.tspod(["pull", "--tls-verify=false", ...args], { store: t.newStore(name) });
}

describe("platform selection", () => {
  test("default picks this host's platform (amd64)", async () => {
    const r = await pull([multi()], "host");
    expect(r.code).toBe(0);
    expect(r.out).toBe(amd64Id);
  });

  test("--arch arm64 picks the arm64 image", async () => {
    const r = await pull(["--arch", "arm64", multi()], "arm64");
    expect(r.stderr).not.toContain("Error");
    expect(r.out).toBe(arm64Id);
  });

  test("--platform linux/arm/v7 and --os/--arch/--variant agree", async () => {
    const a = await pull(["--platform", "linux/arm/v7", multi()], "armv7a");
    expect(a.out).toBe(armV7Id);
    const b = await pull(["--os", "linux", "--arch", "arm", "--variant", "v7", multi()], "armv7b");
    expect(b.out).toBe(armV7Id);
  });

  test("no matching platform: clear error, exit 125", async () => {
    const r = await pull(["--arch", "s390x", multi()], "s390x");
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("no image found in manifest list for architecture linux/s390x");
  });

  test("bad --platform syntax and --platform with --arch are refused", async () => {
    const bad = await pull(["--platform", "linux", multi()], "badplat");
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("invalid platform syntax");
    const both = await pull(["--platform", "linux/arm64", "--arch", "arm64", multi()], "both");
    expect(both.code).toBe(125);
    expect(both.stderr).toContain("--platform option can not be specified with --arch or --os");
  });
});

describe("--all-tags", () => {
  test("pulls every tag of the repository", async () => {
    const store = t.newStore("alltags");
    const r = await t.tspod(["pull", "--tls-verify=false", "-a", `${t.host}/alltags`], { store });
    expect(r.stderr).toContain(`Trying to pull ${t.host}/alltags:one...`);
    expect(r.stderr).toContain(`Trying to pull ${t.host}/alltags:two...`);
    const ids = r.out.split("\n");
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(HEX64);
    const names = parseJson<any[]>((await t.ok(["images", "--format", "json"], { store })).stdout).flatMap((i) => i.Names ?? []);
    expect(names.sort()).toEqual([`${t.host}/alltags:one`, `${t.host}/alltags:two`]);
  });

  test("a tag together with -a is an error", async () => {
    const r = await pull(["-a", `${t.host}/alltags:one`], "alltagbad");
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("tag can't be used with --all-tags/-a");
  });
});

describe("--policy", () => {
  test("missing: a present image is not pulled again; never: a missing one is an error", async () => {
    const store = t.newStore("policy");
    const first = await t.tspod(["pull", "--tls-verify=false", t.img("busybox")], { store });
    expect(first.code).toBe(0);
    const again = await t.tspod(["pull", "--tls-verify=false", "--policy", "missing", t.img("busybox")], { store });
    expect(again.code).toBe(0);
    expect(again.out).toBe(first.out);
    expect(again.stderr).not.toContain("Trying to pull");
    const never = await t.tspod(["pull", "--policy", "never", t.img("layered")], { store });
    expect(never.code).toBe(125);
    expect(never.stderr).toContain(t.img("layered"));
    const bogus = await t.tspod(["pull", "--policy", "sometimes", t.img("layered")], { store });
    expect(bogus.code).toBe(125);
  });
});
