// login / logout / auth.json, pulls needing credentials, push (upload, skip, cross-repo mount,
// --format, --compression-format zstd), and search, against docker-registry with htpasswd auth
// over plain HTTP and HTTPS (private CA).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERED } from "../fixtures/build-images.ts";
import { pushFixtureImages } from "../fixtures/push-images.ts";
import { startRegistry, type Registry } from "../fixtures/registry.ts";
import { HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "authpush" });
const USER = "alice";
const PASS = "s3cret-pw";
let reg: Registry; // HTTP + htpasswd
let tlsReg: Registry; // HTTPS + htpasswd
let authFile: string;
let layeredId: string;

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const ACCEPT = [OCI_MANIFEST, DOCKER_MANIFEST].join(", ");

beforeAll(async () => {
  authFile = join(t.tmp, "auth.json"); // the harness's REGISTRY_AUTH_FILE
  [reg, tlsReg] = await Promise.all([
    startRegistry({ htpasswd: { user: USER, password: PASS } }),
    startRegistry({ htpasswd: { user: USER, password: PASS }, tls: true }),
  ]);
  await pushFixtureImages(reg.host, { creds: { user: USER, password: PASS } });
  // what the push tests push: pulled from the plain (no auth) fixture registry
  layeredId = (await t.ok(["pull", "-q", "--tls-verify=false", t.img("layered")])).out;
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
}, 180_000);

afterAll(async () => {
  await Promise.all([reg?.stop(), tlsReg?.stop()]);
});

async function manifestOf(r: Registry, repoTag: string): Promise<{ type: string; digest: string; json: any }> {
  const [repo, tag] = repoTag.split(":") as [string, string];
  const res = await r.fetch(`/v2/${repo}/manifests/${tag}`, { headers: { accept: ACCEPT } });
  const body = await res.text();
  expect(res.status).toBe(200);
  return { type: res.headers.get("content-type") ?? "", digest: res.headers.get("docker-content-digest") ?? "", json: JSON.parse(body) };
}

function registryLog(r: Registry): string {
  return readFileSync(join(r.dir, "registry.log"), "utf8");
}

describe("login and logout", () => {
  test("a wrong password fails with Podman's message and saves nothing", async () => {
    const r = await t.tspod(["login", "--tls-verify=false", "-u", USER, "-p", "wrong", reg.host]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain(`Error: logging into "${reg.host}": invalid username/password`);
    expect(existsSync(authFile)).toBe(false);
  });

  test("pulling from a registry that needs auth fails before login", async () => {
    const store = t.newStore("noauth");
    const r = await t.tspod(["pull", "--tls-verify=false", `${reg.host}/busybox:latest`], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: .*(authentication required|unauthorized)/m);
  });

  test("login saves base64 user:pass in auth.json with mode 0600", async () => {
    const r = await t.ok(["login", "--tls-verify=false", "-u", USER, "--password-stdin", reg.host], { stdin: `${PASS}\n` });
    expect(r.out).toBe("Login Succeeded!");
    const j = parseJson(readFileSync(authFile, "utf8"));
    expect(Buffer.from(j.auths[reg.host].auth, "base64").toString()).toBe(`${USER}:${PASS}`);
    expect(statSync(authFile).mode & 0o777).toBe(0o600);
    expect((await t.ok(["login", "--get-login", reg.host])).out).toBe(USER);
    const again = await t.ok(["login", "--tls-verify=false", reg.host]);
    expect(again.out).toContain(`Existing credentials are valid. Already logged in to ${reg.host}`);
  });

  test("pull uses the saved credentials", async () => {
    const store = t.newStore("withauth");
    const r = await t.ok(["pull", "--tls-verify=false", `${reg.host}/busybox:latest`], { store });
    expect(r.out).toMatch(HEX64);
  });

  test("--creds and --authfile on pull", async () => {
    const empty = join(t.tmp, "empty-auth.json");
    writeFileSync(empty, '{"auths":{}}');
    const store = t.newStore("creds");
    const ref = `${reg.host}/layered:latest`;
    const denied = await t.tspod(["pull", "--tls-verify=false", "--authfile", empty, ref], { store });
    expect(denied.code).toBe(125);
    const ok = await t.ok(["pull", "-q", "--tls-verify=false", "--authfile", empty, "--creds", `${USER}:${PASS}`, ref], { store });
    expect(ok.out).toMatch(HEX64);
  });
});

describe("push", () => {
  test("round trip: push under a new name, pull into a fresh store, run it", async () => {
    const digestFile = join(t.tmp, "digest");
    const dest = `${reg.host}/rt/layered:v1`;
    const r = await t.ok(["push", "--tls-verify=false", "--digestfile", digestFile, t.img("layered"), dest]);
    expect(r.stderr).toContain("Getting image source signatures");
    expect(r.stderr).toMatch(/^Copying blob [0-9a-f]{12} (done|skipped: already exists)/m);
    expect(r.stderr).toMatch(/^Copying config [0-9a-f]{12} done/m);
    expect(r.stderr).toContain("Writing manifest to image destination");
    const digest = readFileSync(digestFile, "utf8");
    const m = await manifestOf(reg, "rt/layered:v1");
    expect(m.digest).toBe(digest);
    expect(m.type).toBe(OCI_MANIFEST); // the fixture came as OCI: pushed as OCI by default

    const sk = Bun.spawnSync({
      cmd: ["skopeo", "inspect", "--tls-verify=false", "--creds", `${USER}:${PASS}`, `docker://${dest}`],
      stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", REGISTRY_AUTH_FILE: "/dev/null" },
    });
    expect(sk.stderr.toString()).toBe("");
    expect(parseJson(sk.stdout.toString()).Digest).toBe(digest);

    const store = t.newStore("roundtrip");
    const id = (await t.ok(["pull", "-q", "--tls-verify=false", dest], { store })).out;
    expect(id).toBe(layeredId);
    const run = await t.ok(["run", "--rm", dest], { store });
    expect(run.stdout).toBe(LAYERED.helloContent);
  });

  test("a second image sharing layers mounts them from the other repository", async () => {
    const r = await t.ok(["push", "--tls-verify=false", t.img("busybox"), `${reg.host}/rt/busybox:v1`]);
    expect(r.stderr).toMatch(/^Copying blob [0-9a-f]{12} skipped: already exists/m);
    expect(registryLog(reg)).toMatch(/uri="\/v2\/rt\/busybox\/blobs\/uploads\/\?mount=sha256%3A[0-9a-f]{64}&from=rt%2Flayered" .*http\.response\.status=201/);
    // and pushing again finds every blob with HEAD
    const again = await t.ok(["push", "--tls-verify=false", t.img("busybox"), `${reg.host}/rt/busybox:v2`]);
    expect(again.stderr).toMatch(/^Copying blob [0-9a-f]{12} skipped: already exists/m);
    expect(again.stderr).not.toMatch(/^Copying blob [0-9a-f]{12} done/m);
  });

  test("--format v2s2 and oci set the manifest and config media types", async () => {
    await t.ok(["push", "-q", "--tls-verify=false", "--format", "v2s2", t.img("busybox"), `${reg.host}/fmt/bb:v2s2`]);
    await t.ok(["push", "-q", "--tls-verify=false", "--format", "oci", t.img("busybox"), `${reg.host}/fmt/bb:oci`]);
    const d = await manifestOf(reg, "fmt/bb:v2s2");
    expect(d.type).toBe(DOCKER_MANIFEST);
    expect(d.json.config.mediaType).toBe("application/vnd.docker.container.image.v1+json");
    expect(d.json.layers[0].mediaType).toBe("application/vnd.docker.image.rootfs.diff.tar.gzip");
    const o = await manifestOf(reg, "fmt/bb:oci");
    expect(o.type).toBe(OCI_MANIFEST);
    expect(o.json.config.mediaType).toBe("application/vnd.oci.image.config.v1+json");
    expect(o.json.config.digest).toBe(d.json.config.digest);
    const bad = await t.tspod(["push", "--tls-verify=false", "--format", "v9", t.img("busybox"), `${reg.host}/fmt/bb:x`]);
    expect(bad.code).toBe(125);
  });

  test("-q prints nothing; unknown transports get a clear error", async () => {
    const q = await t.ok(["push", "-q", "--tls-verify=false", t.img("busybox"), `docker://${reg.host}/quiet/bb:1`]);
    expect(q.stdout + q.stderr).toBe("");
    const other = await t.tspod(["push", t.img("busybox"), `dir:${join(t.tmp, "d")}`]);
    expect(other.code).toBe(125);
    expect(other.stderr).toContain("dir: transport is not supported yet");
  });

  test("--compression-format zstd pushes zstd layers that pull back and run", async () => {
    const dest = `${reg.host}/zstd/layered:v1`;
    await t.ok(["push", "--tls-verify=false", "--compression-format", "zstd", t.img("layered"), dest]);
    const m = await manifestOf(reg, "zstd/layered:v1");
    expect(m.type).toBe(OCI_MANIFEST);
    for (const l of m.json.layers) {
      expect(l.mediaType).toBe("application/vnd.oci.image.layer.v1.tar+zstd");
      const blob = new Uint8Array(await (await reg.fetch(`/v2/zstd/layered/blobs/${l.digest}`)).arrayBuffer());
      expect([...blob.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
      expect(blob.length).toBe(l.size);
    }
    const store = t.newStore("zstd");
    const id = (await t.ok(["pull", "-q", "--tls-verify=false", dest], { store })).out;
    expect(id).toBe(layeredId); // same config: the diff_ids are unchanged by recompression
    expect((await t.ok(["run", "--rm", dest], { store })).stdout).toBe(LAYERED.helloContent);
  });

  test("an image whose compressed blobs are gone is pushed from its unpacked layers", async () => {
    const store = t.newStore("noblobs");
    await t.ok(["pull", "-q", "--tls-verify=false", t.img("layered")], { store });
    const src = (await (await t.registry.fetch("/v2/layered/manifests/latest", { headers: { accept: ACCEPT } })).json()) as { layers: { digest: string }[] };
    for (const l of src.layers) rmSync(join(store.root, "blobs", "sha256", l.digest.slice(7)));
    const dest = `${reg.host}/fallback/layered:1`;
    await t.ok(["push", "--tls-verify=false", t.img("layered"), dest], { store });
    const m = await manifestOf(reg, "fallback/layered:1");
    expect(m.json.layers).toHaveLength(2);
    const fresh = t.newStore("fallback-pull");
    await t.ok(["pull", "-q", "--tls-verify=false", dest], { store: fresh });
    const run = await t.ok(["run", "--rm", "--entrypoint", "/bin/sh", dest, "-c", "test ! -e /bin/vi && cat /hello.txt"], { store: fresh });
    expect(run.stdout).toBe(LAYERED.helloContent);
  });

  test("push without credentials is refused", async () => {
    const empty = join(t.tmp, "empty2-auth.json");
    const r = await t.tspod(["push", "--tls-verify=false", "--authfile", empty, t.img("busybox"), `${reg.host}/denied/bb:1`]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: /m);
  });
});

describe("search", () => {
  test("lists repositories from the catalog and tags with --list-tags", async () => {
    const r = await t.ok(["search", "--tls-verify=false", `${reg.host}/rt`]);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+DESCRIPTION$/);
    expect(lines.map((l) => l.trim())).toEqual(expect.arrayContaining([`${reg.host}/rt/busybox`, `${reg.host}/rt/layered`]));
    expect(lines).toHaveLength(3);
    const tags = await t.ok(["search", "--tls-verify=false", "--list-tags", `${reg.host}/rt/busybox`]);
    expect(tags.out.split("\n").slice(1).map((l) => l.trim().split(/\s+/)[1]).sort()).toEqual(["v1", "v2"]);
    const json = parseJson<any[]>((await t.ok(["search", "--tls-verify=false", "--format", "json", "--limit", "1", `${reg.host}/rt`])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ Index: reg.host, Description: "", Stars: 0, Tag: "" });
    const tpl = await t.ok(["search", "--tls-verify=false", "--format", "{{.Name}}", `${reg.host}/zstd`]);
    expect(tpl.out).toBe(`${reg.host}/zstd/layered`);
  });
});

describe("HTTPS registry with a private CA", () => {
  test("login, push and pull with --cert-dir", async () => {
    const h = tlsReg.host;
    const noCa = await t.tspod(["login", "-u", USER, "-p", PASS, h]);
    expect(noCa.code).toBe(125);
    expect((await t.ok(["login", "--cert-dir", tlsReg.certDir!, "-u", USER, "-p", PASS, h])).out).toBe("Login Succeeded!");
    await t.ok(["push", "--cert-dir", tlsReg.certDir!, t.img("layered"), `${h}/secure/layered:1`]);
    const store = t.newStore("tls");
    const id = (await t.ok(["pull", "-q", "--cert-dir", tlsReg.certDir!, `${h}/secure/layered:1`], { store })).out;
    expect(id).toMatch(HEX64);
  });
});

describe("logout", () => {
  test("removes the entry; a second logout says not logged in", async () => {
    const r = await t.ok(["logout", reg.host]);
    expect(r.out).toBe(`Removed login credentials for ${reg.host}`);
    const j = parseJson(readFileSync(authFile, "utf8"));
    expect(j.auths[reg.host]).toBeUndefined();
    expect(j.auths[tlsReg.host]).toBeDefined();
    const again = await t.tspod(["logout", reg.host]);
    expect(again.code).toBe(125);
    expect(again.stderr).toContain(`Error: not logged into ${reg.host}`);
    const getLogin = await t.tspod(["login", "--get-login", reg.host]);
    expect(getLogin.code).toBe(125);
    const all = await t.ok(["logout", "-a"]);
    expect(all.out).toBe("Removed login credentials for all registries");
    expect(parseJson(readFileSync(authFile, "utf8")).auths).toEqual({});
  });
});
