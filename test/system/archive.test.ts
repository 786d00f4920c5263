// save / load / import and the local transports (oci:, oci-archive:, docker-archive:, dir:),
// including archives from skopeo and hostile archives that must leave the store unchanged.

import { beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { cmdString, HEX64, parseJson, systemSetup, TSPOD, waitFor } from "./harness.ts";
import { buildTar, type TarWriteEntry } from "../../src/util/tar-writer.ts";

const t = systemSetup({ name: "archive" });
const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** Members of an (uncompressed) tar file, via tar(1). */
function tarList(file: string): string[] {
  return Bun.spawnSync({ cmd: ["tar", "tf", file] }).stdout.toString().split("\n").filter(Boolean);
}
function tarCat(file: string, member: string): Buffer {
  const r = Bun.spawnSync({ cmd: ["tar", "xOf", file, member] });
  expect(r.exitCode).toBe(0);
  return r.stdout as Buffer;
}
function sh(script: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = Bun.spawnSync({ cmd: ["sh", "-c", script], env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf, ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
function tspodCmd(store: { root: string; runroot: string }, args: string[]): string {
  return cmdString([TSPOD, "--root", store.root, "--runroot", store.runroot, ...args]);
}
async function names(store: { root: string; runroot: string }): Promise<string[]> {
  const r = await t.ok(["images", "--format", "json"], { store });
  return parseJson<any[]>(r.stdout).flatMap((i) => i.Names ?? []);
}

beforeAll(async () => {
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("layered")]);
});

describe("save / load", () => {
  test("docker-archive: Docker's layout, layer tars whose sha256 is the diff_id; loads into a fresh store and runs", async () => {
    const file = join(t.tmp, "bb-docker.tar");
    const r = await t.ok(["save", "-o", file, t.img("busybox")]);
    expect(r.stderr).toContain("Copying blob sha256:");
    expect(r.stderr).toContain("Writing manifest to image destination");
    const manifest = JSON.parse(tarCat(file, "manifest.json").toString());
    expect(manifest).toHaveLength(1);
    expect(manifest[0].RepoTags).toEqual([t.img("busybox")]);
    const config = JSON.parse(tarCat(file, manifest[0].Config).toString());
    expect(manifest[0].Config).toBe(`${sha(tarCat(file, manifest[0].Config))}.json`);
    manifest[0].Layers.forEach((l: string, i: number) => {
      expect(`sha256:${sha(tarCat(file, l))}`).toBe(config.rootfs.diff_ids[i]);
    });
    expect(tarList(file)).toContain("repositories");

    const fresh = t.newStore("dload");
    const l = await t.ok(["load", "-i", file], { store: fresh });
    expect(l.out).toBe(`Loaded image: ${t.img("busybox")}`);
    const run = await t.ok(["run", "--rm", "--network", "none", t.img("busybox"), "echo", "loaded-ok"], { store: fresh });
    expect(run.out).toBe("loaded-ok");
    // loading again skips the layer that is present
    const again = await t.ok(["load", "-i", file], { store: fresh });
    expect(again.stderr).toContain("skipped: already exists");
  });

  test("oci-archive: OCI layout with ref.name annotations; loads into a fresh store and runs; skopeo reads it", async () => {
    const file = join(t.tmp, "layered-oci.tar");
    await t.ok(["save", "--format", "oci-archive", "-o", file, t.img("layered")]);
    const members = tarList(file);
    expect(members).toContain("oci-layout");
    expect(members).toContain("index.json");
    const index = JSON.parse(tarCat(file, "index.json").toString());
    expect(index.manifests[0].annotations["org.opencontainers.image.ref.name"]).toBe(t.img("layered"));
    for (const m of members.filter((x) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(x))) expect(sha(tarCat(file, m))).toBe(m.slice(13));
    const sk = sh(`skopeo inspect oci-archive:${file}`);
    expect(sk.code).toBe(0);
    expect(JSON.parse(sk.stdout).Layers).toHaveLength(2);

    const fresh = t.newStore("oload");
    await t.ok(["load", "-q", "-i", file], { store: fresh });
    const run = await t.ok(["run", "--rm", "--network", "none", t.img("layered")], { store: fresh });
    expect(run.out).toBe("hello from layer 2");
  });

  test("-m puts several images in one docker-archive; without -m it is refused", async () => {
    const file = join(t.tmp, "multi.tar");
    const bad = await t.tspod(["save", "-o", file, t.img("busybox"), t.img("layered")]);
    expect(bad.code).toBe(125);
    expect(existsSync(file)).toBe(false);
    await t.ok(["save", "-q", "-m", "-o", file, t.img("busybox"), t.img("layered")]);
    expect(JSON.parse(tarCat(file, "manifest.json").toString())).toHaveLength(2);
    const fresh = t.newStore("mload");
    const l = await t.ok(["load", "-i", file], { store: fresh });
    expect(l.out.split("\n").sort()).toEqual([`Loaded image: ${t.img("busybox")}`, `Loaded image: ${t.img("layered")}`]);
    expect((await names(fresh)).sort()).toEqual([t.img("busybox"), t.img("layered")]);
  });

  test("save to stdout piped into load from stdin (gzip-compressed too)", async () => {
    const fresh = t.newStore("pipe");
    const r = sh(`${tspodCmd(t, ["save", "-q", t.img("busybox")])} | ${tspodCmd(fresh, ["load"])}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Copying blob sha256:"); // load's progress; save was -q
    expect(r.stderr.match(/Getting image source signatures/g)).toHaveLength(1);
    expect(r.stdout.trim()).toBe(`Loaded image: ${t.img("busybox")}`);
    const fresh2 = t.newStore("pipegz");
    const g = sh(`${tspodCmd(t, ["save", "-q", "--format", "oci-archive", t.img("layered")])} | gzip | ${tspodCmd(fresh2, ["load", "-q"])}`);
    expect(g.code).toBe(0);
    expect(g.stdout.trim()).toBe(`Loaded image: ${t.img("layered")}`);
  });

  test("a load killed half-way leaves no image, and the next load cleans up and succeeds", async () => {
    const fresh = t.newStore("killed");
    const file = join(t.tmp, "killed.tar");
    await t.ok(["save", "-q", "-o", file, t.img("busybox")]);
    const proc = Bun.spawn({
      cmd: [TSPOD, "--root", fresh.root, "--runroot", fresh.runroot, "load", "-q"],
      env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf },
      stdin: "pipe",
      stdout: "ignore",
      stderr: "ignore",
    });
    proc.stdin.write(readFileSync(file).subarray(0, 1_000_000));
    await proc.stdin.flush();
    const staged = await waitFor(() => existsSync(join(fresh.root, "tmp")) && readdirSync(join(fresh.root, "tmp")).length > 0, 10_000);
    expect(staged).toBe(true);
    await Bun.sleep(300);
    proc.kill("SIGKILL");
    await proc.exited;
    expect((await t.ok(["images", "-q"], { store: fresh })).out).toBe("");
    await t.ok(["load", "-q", "-i", file], { store: fresh });
    expect(readdirSync(join(fresh.root, "tmp"))).toEqual([]);
    expect(await names(fresh)).toEqual([t.img("busybox")]);
  });

  test("two loads of the same archive at once both succeed and store the image once", async () => {
    const fresh = t.newStore("concurrent");
    const file = join(t.tmp, "multi.tar");
    const [a, b] = await Promise.all([t.tspod(["load", "-q", "-i", file], { store: fresh }), t.tspod(["load", "-q", "-i", file], { store: fresh })]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
    expect((await t.ok(["images", "-q"], { store: fresh })).out.split("\n")).toHaveLength(2);
    expect(readdirSync(join(fresh.root, "layers")).filter((d) => !d.startsWith("."))).toHaveLength(2);
    expect((await t.ok(["run", "--rm", "--network", "none", t.img("layered")], { store: fresh })).out).toBe("hello from layer 2");
  });

  test("save refuses a terminal; unknown image and format fail with 125", async () => {
    const tty = sh(`script -qec ${JSON.stringify(tspodCmd(t, ["save", t.img("busybox")]))} /dev/null`);
    expect(tty.stdout).toContain("refusing to save to terminal");
    expect((await t.tspod(["save", "-o", join(t.tmp, "x.tar"), "nosuchimage"])).stderr).toContain("nosuchimage: image not known");
    expect((await t.tspod(["save", "--format", "bogus", "-o", join(t.tmp, "x.tar"), t.img("busybox")])).code).toBe(125);
  });

  test("oci-dir and docker-dir formats write directories that load reads back", async () => {
    for (const format of ["oci-dir", "docker-dir"]) {
      const dir = join(t.tmp, `save-${format}`);
      await t.ok(["save", "-q", "--format", format, "-o", dir, t.img("layered")]);
      expect(sh(`skopeo inspect ${format === "oci-dir" ? "oci" : "dir"}:${dir}`).code).toBe(0);
      const fresh = t.newStore(`ld-${format}`);
      await t.ok(["load", "-q", "-i", dir], { store: fresh });
      expect((await t.ok(["run", "--rm", "--network", "none", (await t.ok(["images", "-q"], { store: fresh })).out], { store: fresh })).out).toBe("hello from layer 2");
    }
  });

  test("a docker-archive written by skopeo loads", async () => {
    const file = join(t.tmp, "skopeo.tar");
    const r = sh(`skopeo copy -q --src-tls-verify=false docker://${t.img("layered")} docker-archive:${file}:example/sk:1`);
    expect(r.stderr).toBe("");
    const fresh = t.newStore("skload");
    const l = await t.ok(["load", "-i", file], { store: fresh });
    expect(l.out).toBe("Loaded image: docker.io/example/sk:1");
    expect((await t.ok(["run", "--rm", "--network", "none", "docker.io/example/sk:1"], { store: fresh })).out).toBe("hello from layer 2");
  });
});

describe("local transports", () => {
  test("push to oci:DIR:REF (twice, two refs) and dir:DIR — skopeo reads both; pull them back", async () => {
    // a lowercase path (t.tmp has capitals) so the path is a valid image name
    const base = join(tmpdir(), `tspod-arch-${process.pid}`);
    rmSync(base, { recursive: true, force: true });
    const dir = join(base, "layout");
    const p = await t.ok(["push", t.img("busybox"), `oci:${dir}:one`]);
    expect(p.stderr).toContain("Writing manifest to image destination");
    await t.ok(["push", "-q", t.img("layered"), `oci:${dir}:two`]);
    expect(JSON.parse(readFileSync(join(dir, "index.json"), "utf8")).manifests).toHaveLength(2);
    for (const ref of ["one", "two"]) expect(sh(`skopeo inspect oci:${dir}:${ref}`).code).toBe(0);
    const d = join(base, "skdir");
    await t.ok(["push", "-q", t.img("layered"), `dir:${d}`]);
    expect(readFileSync(join(d, "version"), "utf8")).toBe("Directory Transport Version: 1.1\n");
    expect(sh(`skopeo inspect dir:${d}`).code).toBe(0);

    const fresh = t.newStore("tpull");
    const id = (await t.ok(["pull", `oci:${dir}:two`], { store: fresh })).out;
    expect(id).toMatch(HEX64);
    expect((await t.ok(["pull", "-q", `dir:${d}`], { store: fresh })).out).toBe(id);
    // named after the path, like Podman
    expect(await names(fresh)).toEqual(expect.arrayContaining([`localhost${dir}:latest`, `localhost${d}:latest`]));
    expect((await t.ok(["run", "--rm", "--network", "none", id], { store: fresh })).out).toBe("hello from layer 2");
    rmSync(base, { recursive: true, force: true });
  });

  test("pull oci-archive: and docker-archive: (archives from save/push)", async () => {
    const oa = join(t.tmp, "pull-oa.tar");
    const da = join(t.tmp, "pull-da.tar");
    await t.ok(["push", "-q", t.img("busybox"), `oci-archive:${oa}:${t.img("busybox")}`]);
    await t.ok(["push", "-q", t.img("busybox"), `docker-archive:${da}:example/da:2`]);
    const fresh = t.newStore("apull");
    await t.ok(["pull", "-q", `oci-archive:${oa}`], { store: fresh });
    expect(await names(fresh)).toContain(t.img("busybox"));
    await t.ok(["pull", "-q", `docker-archive:${da}`], { store: fresh });
    expect(await names(fresh)).toContain("docker.io/example/da:2");
    expect((await t.ok(["run", "--rm", "--network", "none", "example/da:2", "echo", "hi"], { store: fresh, env: { CONTAINERS_REGISTRIES_CONF: t.writeRegistriesConf("rc-da", { search: ["docker.io"] }) } })).out).toBe("hi");
  });

});

describe("import", () => {
  test("--change CMD/ENV/WORKDIR/… applied; runs; untagged import has no name", async () => {
    const rootfs = join(t.tmp, "rootfs");
    mkdirSync(join(rootfs, "bin"), { recursive: true });
    mkdirSync(join(rootfs, "work"), { recursive: true });
    writeFileSync(join(rootfs, "bin/busybox"), readFileSync("/bin/busybox"), { mode: 0o755 });
    const tarball = join(t.tmp, "rootfs.tgz");
    expect(sh(`tar -C ${rootfs} -czf ${tarball} .`).code).toBe(0);
    const r = await t.ok([
      "import", "-m", "my message",
      "-c", 'CMD ["/bin/busybox", "sh", "-c", "echo $FOO in $(/bin/busybox pwd) as $(/bin/busybox id -u)"]',
      "-c", "ENV FOO=bar", "-c", "WORKDIR /work", "-c", "USER 65534", "-c", "EXPOSE 8080", "-c", "LABEL a=b", "-c", "STOPSIGNAL SIGINT",
      tarball, "imported:v1",
    ]);
    expect(r.out).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.stderr).toContain("Copying config sha256:");
    expect((await t.ok(["run", "--rm", "--network", "none", "localhost/imported:v1"])).out).toBe("bar in /work as 65534");
    // the config blob is what the id names
    const cfg = JSON.parse(readFileSync(join(t.root, "blobs/sha256", r.out.slice(7)), "utf8"));
    expect(cfg.config.ExposedPorts).toEqual({ "8080/tcp": {} });
    expect(cfg.config.Labels).toEqual({ a: "b" });
    expect(cfg.config.StopSignal).toBe("SIGINT");
    expect(cfg.history[0].comment).toBe("my message");

    const untagged = sh(`cat ${tarball} | ${tspodCmd(t, ["import", "-q", "-"])}`);
    expect(untagged.code).toBe(0);
    const id = untagged.stdout.trim().slice(7);
    const list = parseJson<any[]>((await t.ok(["images", "--format", "json"])).stdout);
    expect(list.find((i) => i.Id === id)?.Names ?? null).toBeNull();
  });

  test("from an http URL, with --platform", async () => {
    const body = readFileSync(join(t.tmp, "rootfs.tgz"));
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(body) });
    try {
      const r = await t.ok(["import", "-q", "--platform", "linux/arm64", `http://127.0.0.1:${server.port}/rootfs.tgz`, "fromurl"]);
      const cfg = JSON.parse(readFileSync(join(t.root, "blobs/sha256", r.out.slice(7)), "utf8"));
      expect(cfg.architecture).toBe("arm64");
      expect(cfg.os).toBe("linux");
      expect(await names(t)).toContain("localhost/fromurl:latest");
    } finally {
      server.stop(true);
    }
  });

  test("bad --change and missing tarball fail with 125", async () => {
    expect((await t.tspod(["import", "-c", "RUN echo", join(t.tmp, "rootfs.tgz")])).code).toBe(125);
    expect((await t.tspod(["import", join(t.tmp, "nope.tar")])).code).toBe(125);
  });
});

// ---- hostile archives -------------------------------------------------------------------------

function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d).sort()) {
      if (e === ".locks") continue;
      const p = join(d, e);
      out.push(`${rel}${e}`);
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory() && !rel.startsWith("layers/") ) walk(p, `${rel}${e}/`);
    }
  };
  for (const sub of ["blobs", "layers", "tmp"]) walk(join(root, sub), `${sub}/`);
  return out;
}

describe("hostile archives are rejected and leave the store unchanged", () => {
  const enc = new TextEncoder();
  const layer = buildTar([{ name: "hello.txt", data: "hi\n" }]);
  const diffId = `sha256:${sha(layer)}`;
  const config = JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["/hello.txt"] }, rootfs: { type: "layers", diff_ids: [diffId] } });
  const cfgName = `${sha(config)}.json`;
  const good = (over: { manifest?: unknown; extra?: TarWriteEntry[]; layerData?: Uint8Array; skip?: string[] } = {}) =>
    buildTar([
      ...[
        { name: `${sha(layer)}.tar`, data: over.layerData ?? layer },
        { name: cfgName, data: config },
        { name: "manifest.json", data: JSON.stringify(over.manifest ?? [{ Config: cfgName, RepoTags: ["evil/img:1"], Layers: [`${sha(layer)}.tar`] }]) },
      ].filter((e) => !over.skip?.includes(e.name)),
      ...(over.extra ?? []),
    ]);
  const ociIndexBad = () => {
    const cfgBytes = enc.encode(config);
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${sha(cfgBytes)}`, size: cfgBytes.length }, layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: `sha256:${"0".repeat(64)}`, size: layer.length }] });
    return buildTar([
      { name: "oci-layout", data: '{"imageLayoutVersion":"1.0.0"}' },
      { name: `blobs/sha256/${sha(cfgBytes)}`, data: cfgBytes },
      { name: `blobs/sha256/${"0".repeat(64)}`, data: layer },
      { name: `blobs/sha256/${sha(manifest)}`, data: manifest },
      { name: "index.json", data: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${sha(manifest)}`, size: manifest.length }] }) },
    ]);
  };

  const cases: [string, () => Uint8Array, RegExp][] = [
    ["member name with ../", () => good({ extra: [{ name: "../../escaped.txt", data: "x" }] }), /escape the archive/],
    ["absolute member name", () => good({ extra: [{ name: "/tmp/abs.txt", data: "x" }] }), /absolute path/],
    ["symlink escaping the archive", () => good({ skip: ["manifest.json"], extra: [{ name: "manifest.json", type: "symlink", linkname: "../../../etc/passwd" }] }), /outside the archive/],
    ["manifest pointing at ../", () => good({ manifest: [{ Config: `../${cfgName}`, RepoTags: ["evil/img:1"], Layers: [`${sha(layer)}.tar`] }] }), /escape the archive/],
    ["missing layer file", () => good({ skip: [`${sha(layer)}.tar`] }), /missing from the archive/],
    ["layer content not matching the diff_id", () => good({ layerData: buildTar([{ name: "other.txt", data: "evil\n" }]) }), /does not match the image's diff_id/],
    ["layer with ../ inside", () => { const evil = buildTar([{ name: "../../outside.txt", data: "x" }]); return good({ layerData: evil }); }, /escape/],
    ["OCI blob digest mismatch", ociIndexBad, /digest/],
    ["not an archive at all", () => enc.encode("just text\n".repeat(100)), /invalid tar|supported image formats/],
  ];

  for (const [name, make, msg] of cases) {
    test(name, async () => {
      const store = t.newStore(`hostile-${name.replace(/[^a-z]+/g, "-")}`);
      await t.ok(["load", "-q", "-i", join(t.tmp, "bb-docker.tar")], { store }).catch(() => undefined);
      const before = snapshot(store.root);
      const beforeImages = (await t.ok(["images", "-q", "--no-trunc"], { store })).out;
      const file = join(t.tmp, `hostile-${sha(name).slice(0, 8)}.tar`);
      writeFileSync(file, name.startsWith("layer with") ? gzipSync(make()) : make());
      const r = await t.tspod(["load", "-i", file], { store });
      expect(r.code).toBe(125);
      expect(r.stderr).toMatch(msg);
      expect(snapshot(store.root)).toEqual(before);
      expect((await t.ok(["images", "-q", "--no-trunc"], { store })).out).toBe(beforeImages);
      expect(existsSync(join(t.tmp, "escaped.txt"))).toBe(false);
      expect(existsSync("/tmp/abs.txt")).toBe(false);
    });
  }
});
