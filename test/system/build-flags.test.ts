// `tspod build` flags not covered by build.test.ts: --pull, --network, --volume, --platform,
// --rm/--force-rm, --cache-from/--cache-to, URL contexts, -f lookup, USER for RUN, and commit's
// history next to a build's.

import { beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, parseJson, systemSetup } from "./harness.ts";
import { pushFixtureImages } from "../fixtures/push-images.ts";
import { startRegistry } from "../fixtures/registry.ts";

const t = systemSetup({ name: "build-flags", tls: true });
let BB = "";

function ctx(name: string, files: Record<string, string>): string {
  const dir = join(t.tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
  return dir;
}

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

test("--pull policies: never fails for a missing image, always pulls again, bare --pull means always", async () => {
  const LAY = t.img("layered");
  const dir = ctx("pull", { Containerfile: `FROM ${LAY}\nRUN true\n` });
  const never = await t.tspod(["build", "--pull=never", dir]);
  expect(never.code).toBe(125);
  expect(never.stderr).toContain("image not known");
  const always = await t.ok(["build", "--pull=always", "--tls-verify=false", dir]);
  expect(always.stdout).toContain(`Trying to pull ${LAY}...`);
  const bare = await t.ok(["build", "--tls-verify=false", "--pull", dir]);
  expect(bare.stdout).toContain(`Trying to pull ${LAY}...`);
  const missing = await t.ok(["build", dir]);
  expect(missing.stdout).not.toContain("Trying to pull");
});

test("--network for every RUN, --volume bind mounts, USER and WORKDIR apply to RUN", async () => {
  const vol = join(t.tmp, "vol");
  mkdirSync(vol, { recursive: true });
  writeFileSync(join(vol, "in.txt"), "from volume\n");
  const dir = ctx("net", { Containerfile: `FROM ${BB}\nRUN ip link show | grep -c ': ' > /links\nRUN cat /v/in.txt > /fromvol\nWORKDIR /w\nUSER nobody\nRUN id -u > /tmp/uid && pwd > /tmp/pwd\n` });
  await t.ok(["build", "--network", "none", "--volume", `${vol}:/v:ro`, "-t", "net", dir]);
  const out = await t.ok(["run", "--rm", "--user", "0", "net", "sh", "-c", "cat /links /fromvol /tmp/uid /tmp/pwd; ls /v 2>&1 | grep -c 'No such'"]);
  expect(out.out).toBe("1\nfrom volume\n65534\n/w\n1");
  // --network host sees the host's interfaces (more than loopback)
  const host = ctx("nethost", { Containerfile: `FROM ${BB}\nRUN --network=host ip link show | grep -c ': ' > /links\n` });
  await t.ok(["build", "-t", "nethost", host]);
  expect(Number((await t.ok(["run", "--rm", "nethost", "cat", "/links"])).out)).toBeGreaterThan(1);
});

test("--platform, --rm, --force-rm, --cache-from and --cache-to are accepted; FROM --platform", async () => {
  const dir = ctx("plat", { Containerfile: `FROM --platform=linux/amd64 ${BB}\nARG TARGETARCH\nRUN echo $TARGETARCH > /arch\n` });
  const r = await t.ok(["build", "--platform", "linux/amd64", "--rm", "--force-rm=false", "--cache-from", "localhost/cache", "--cache-to", "localhost/cache", "-t", "plat", dir]);
  expect(r.out.split("\n").at(-1)).toMatch(HEX64);
  expect((await t.ok(["run", "--rm", "plat", "cat", "/arch"])).out).toBe("amd64");
  const img = parseJson((await t.ok(["image", "inspect", "plat"])).stdout)[0];
  expect(img.Architecture).toBe("amd64");
  expect(img.Os).toBe("linux");
});

test("context from an http URL (a tarball, or a Containerfile alone) and -f relative to the context", async () => {
  const src = ctx("urlctx", { "f.txt": "url file\n", Containerfile: `FROM ${BB}\nCOPY f.txt /f.txt\n` });
  const tarball = join(t.tmp, "urlctx.tar.gz");
  Bun.spawnSync(["tar", "-C", src, "-czf", tarball, "."]);
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req) => (new URL(req.url).pathname === "/ctx.tar.gz" ? new Response(Bun.file(tarball)) : new Response(`FROM ${BB}\nRUN echo plain > /plain\n`)),
  });
  try {
    await t.ok(["build", "-t", "fromurl", `http://127.0.0.1:${server.port}/ctx.tar.gz`]);
    await t.ok(["build", "-t", "fromurl2", `http://127.0.0.1:${server.port}/Containerfile`]);
    await t.ok(["build", "-t", "fromurl3", "-f", `http://127.0.0.1:${server.port}/Containerfile`, src]);
  } finally {
    server.stop(true);
  }
  expect((await t.ok(["run", "--rm", "fromurl", "cat", "/f.txt"])).out).toBe("url file");
  expect((await t.ok(["run", "--rm", "fromurl2", "cat", "/plain"])).out).toBe("plain");
  expect((await t.ok(["run", "--rm", "fromurl3", "cat", "/plain"])).out).toBe("plain");
  const sub = ctx("subf", { "Other.file": `FROM ${BB}\nRUN echo other > /other\n` });
  await t.ok(["build", "-f", "Other.file", "-t", "subf", sub]);
  expect((await t.ok(["run", "--rm", "subf", "cat", "/other"])).out).toBe("other");
  // several -f: concatenated in order
  writeFileSync(join(sub, "More.file"), "RUN echo more > /more\n");
  await t.ok(["build", "-f", "Other.file", "-f", join(sub, "More.file"), "-t", "subf2", sub]);
  expect((await t.ok(["run", "--rm", "subf2", "cat", "/other", "/more"])).out).toBe("other\nmore");
});

test("--format docker writes a Docker manifest; commit's history entry follows Podman's like a build step", async () => {
  const dir = ctx("fmt", { Containerfile: `FROM ${BB}\nRUN echo d > /d\n` });
  await t.ok(["build", "--format", "docker", "-t", "fmt", dir]);
  const img = parseJson((await t.ok(["image", "inspect", "fmt"])).stdout)[0];
  expect(img.ManifestType).toBe("application/vnd.docker.distribution.manifest.v2+json");
  // BUILDAH_FORMAT / BUILDAH_LAYERS set the defaults, as in Podman
  await t.ok(["build", "-t", "fmt-env", dir], { env: { BUILDAH_FORMAT: "docker", BUILDAH_LAYERS: "false" } });
  const envImg = parseJson((await t.ok(["image", "inspect", "fmt-env"])).stdout)[0];
  expect(envImg.ManifestType).toBe("application/vnd.docker.distribution.manifest.v2+json");
  expect(envImg.Id).not.toBe(img.Id);
  const events = await t.ok(["events", "--stream=false", "--filter", "event=build", "--format", "{{.Type}} {{.Status}} {{.Name}}"]);
  expect(events.out.split("\n")).toContain("image build localhost/fmt:latest");
  await t.ok(["run", "--name", "tocommit", "fmt", "sh", "-c", "echo c > /c"]);
  await t.ok(["commit", "-q", "tocommit", "committed"]);
  await t.ok(["rm", "tocommit"]);
  const c = parseJson((await t.ok(["image", "inspect", "committed"])).stdout)[0];
  expect(c.History.length).toBe(img.History.length + 1);
  expect(c.History.at(-1)).toMatchObject({ created_by: "/bin/sh", comment: "FROM localhost/fmt:latest" });
  expect((await t.ok(["run", "--rm", "committed", "cat", "/d", "/c"])).out).toBe("d\nc");
  // a build FROM the committed image keeps its layers and adds its own
  const on = ctx("oncommit", { Containerfile: "FROM committed\nRUN cat /c > /e\n" });
  await t.ok(["build", "-t", "oncommit", on]);
  expect(parseJson((await t.ok(["image", "inspect", "oncommit"])).stdout)[0].RootFS.Layers.length).toBe(c.RootFS.Layers.length + 1);
});

test("two builds of one Containerfile at once both succeed and agree", async () => {
  const dir = ctx("conc", { Containerfile: `FROM ${BB}\nRUN sleep 0.2; echo x > /x\nCMD ["cat", "/x"]\n` });
  const [a, b] = await Promise.all([t.ok(["build", "-q", "-t", "conc1", dir]), t.ok(["build", "-q", "-t", "conc2", dir])]);
  expect(a.out).toMatch(HEX64);
  expect(b.out).toMatch(HEX64);
  expect((await t.ok(["run", "--rm", "conc1"])).out).toBe("x");
  expect((await t.ok(["run", "--rm", "conc2"])).out).toBe("x");
});

test("COPY --from an image reference, .dockerignore with exceptions, SHELL for RUN", async () => {
  const LAY = t.img("layered");
  await t.ok(["pull", "-q", "--tls-verify=false", LAY]);
  const dir = ctx("fromimg", {
    "a.tmp": "a",
    "b.tmp": "b",
    "c.txt": "c",
    ".dockerignore": "*.tmp\n!b.tmp\n",
    Containerfile: `FROM ${BB}\nCOPY --from=${LAY} /hello.txt /from-image.txt\nCOPY . /ctx/\nSHELL ["/bin/sh", "-c", "echo shell:$0 > /shell; exec /bin/sh -c \\"$@\\"", "argzero"]\nRUN true\n`,
  });
  await t.ok(["build", "-t", "fromimg", dir]);
  const out = await t.ok(["run", "--rm", "fromimg", "sh", "-c", "cat /from-image.txt; ls -A /ctx; cat /shell"]);
  expect(out.out).toBe("hello from layer 2\n.dockerignore\nContainerfile\nb.tmp\nc.txt\nshell:argzero");
});

test("--creds for a registry with auth, --cert-dir for one with a private CA", async () => {
  const reg = await startRegistry({ htpasswd: { user: "bob", password: "pw" } });
  try {
    await pushFixtureImages(reg.host, { creds: { user: "bob", password: "pw" } });
    const dir = ctx("creds", { Containerfile: `FROM ${reg.host}/busybox\nRUN echo ok > /ok\n` });
    const denied = await t.tspod(["build", "--tls-verify=false", dir]);
    expect(denied.code).toBe(125);
    await t.ok(["build", "--tls-verify=false", "--creds", "bob:pw", "-t", "withcreds", dir]);
    expect((await t.ok(["run", "--rm", "withcreds", "cat", "/ok"])).out).toBe("ok");
  } finally {
    await reg.stop();
  }
  const tls = t.tlsRegistry!;
  const dir = ctx("certdir", { Containerfile: `FROM ${tls.host}/busybox\nRUN true\n` });
  expect((await t.tspod(["build", dir])).code).toBe(125);
  await t.ok(["build", "--cert-dir", tls.certDir!, dir]);
});

test("a built image pushes with gzip layers and pulls back into another store", async () => {
  const dir = ctx("pushbuilt", { Containerfile: `FROM ${BB}\nRUN echo pushed > /p\nCMD ["cat", "/p"]\n` });
  await t.ok(["build", "-t", "pushbuilt", dir]);
  const dest = `${t.host}/pushbuilt:1`;
  await t.ok(["push", "-q", "--tls-verify=false", "pushbuilt", dest]);
  const res = await t.registry.fetch(`/v2/pushbuilt/manifests/1`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } });
  const manifest = (await res.json()) as { layers: { mediaType: string }[] };
  expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(["application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+gzip"]);
  const other = t.newStore("pushbuilt");
  await t.ok(["pull", "-q", "--tls-verify=false", dest], { store: other });
  expect((await t.ok(["run", "--rm", dest], { store: other })).out).toBe("pushed");
});
