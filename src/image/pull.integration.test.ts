/**
 * Pulls from real local docker-registry instances (plain HTTP, TLS, htpasswd) and from a small
 * fake registry (Bun.serve) for manifest lists and corrupt blobs.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildFixtureImages, blobPath, LAYERED, type FixtureImages } from "../../test/fixtures/build-images.ts";
import { startRegistry, type Registry } from "../../test/fixtures/registry.ts";
import { pushFixtureImages } from "../../test/fixtures/push-images.ts";
import { RegistriesConf } from "../config/registries-conf.ts";
import { isErrorCode, type TspodError } from "../errors/tspod-error.ts";
import { sha256Digest } from "../util/digest.ts";
import { ImageStore } from "./image-store.ts";
import { pullImage, type PullEvent } from "./pull.ts";

let images: FixtureImages;
let plain: Registry;
let secure: Registry;
let authReg: Registry;
let fake: ReturnType<typeof Bun.serve>;
let tmp: string;
const creds = { username: "alice", password: "s3cret" };

function insecureConf(...hosts: string[]): RegistriesConf {
  return new RegistriesConf({
    registries: hosts.map((h) => ({ prefix: h, location: h, insecure: true, blocked: false, mirrors: [] })),
    unqualifiedSearchRegistries: hosts.slice(0, 1),
  });
}

function freshRoot(): string {
  return fs.mkdtempSync(path.join(tmp, "root-"));
}

async function pull(ref: string, root: string, extra: Partial<Parameters<typeof pullImage>[1]> = {}) {
  const events: PullEvent[] = [];
  const conf = extra.registries ?? insecureConf(plain.host, fakeHost());
  const rec = await pullImage(ref, { root, registries: conf, onEvent: (e) => events.push(e), ...extra });
  return { rec, events };
}

function fakeHost(): string {
  return `127.0.0.1:${fake.port}`;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-pull-"));
  images = buildFixtureImages();
  [plain, secure, authReg] = await Promise.all([
    startRegistry(),
    startRegistry({ tls: true }),
    startRegistry({ htpasswd: { user: creds.username, password: creds.password } }),
  ]);
  await Promise.all([
    pushFixtureImages(plain.host, { images }),
    pushFixtureImages(secure.host, { images, tls: { certDir: secure.certDir! } }),
    pushFixtureImages(authReg.host, { images, creds: { user: creds.username, password: creds.password } }),
  ]);
  // A fake registry serving the `busybox` layout: a manifest list at :list, and a corrupt layer at :evil.
  const bb = images.busybox;
  const manifestBytes = fs.readFileSync(blobPath(bb.layout, bb.manifest.digest));
  const evilLayer = new TextEncoder().encode("not the layer you are looking for");
  const evilManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: bb.config,
    layers: [{ ...bb.layers[0], digest: sha256Digest("expected content"), size: evilLayer.length }],
  });
  const list = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      { mediaType: bb.manifest.mediaType, digest: sha256Digest("arm"), size: 10, platform: { architecture: "arm64", os: "linux", variant: "v8" } },
      { ...bb.manifest, platform: { architecture: "amd64", os: "linux" } },
    ],
  });
  fake = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const u = new URL(req.url).pathname;
      if (u === "/v2/") return new Response("{}");
      const m = /^\/v2\/(.+)\/(manifests|blobs)\/(.+)$/.exec(u);
      if (!m) return new Response("nope", { status: 404 });
      const [, , kind, ref] = m;
      const json = (body: string | Uint8Array, type: string) => new Response(body, { headers: { "content-type": type } });
      if (kind === "manifests") {
        if (ref === "list") return json(list, "application/vnd.oci.image.index.v1+json");
        if (ref === "evil") return json(evilManifest, "application/vnd.oci.image.manifest.v1+json");
        if (ref === bb.manifest.digest) return json(manifestBytes, bb.manifest.mediaType);
        return Response.json({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }, { status: 404 });
      }
      if (ref === sha256Digest("expected content")) return new Response(evilLayer);
      const p = blobPath(bb.layout, ref!);
      return fs.existsSync(p) ? new Response(Bun.file(p)) : new Response("", { status: 404 });
    },
  });
}, 120_000);

afterAll(async () => {
  fake?.stop(true);
  await Promise.all([plain?.stop(), secure?.stop(), authReg?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("pullImage from docker-registry", () => {
  test("OCI image: events, record, config, layer", async () => {
    const root = freshRoot();
    const { rec, events } = await pull(`${plain.host}/busybox`, root);
    const bb = images.busybox;
    expect(rec.id).toBe(bb.config.digest.slice(7));
    expect(rec.names).toEqual([`${plain.host}/busybox:latest`]);
    expect(rec.manifestDigest).toBe(bb.manifest.digest);
    expect(rec.diffIds).toEqual(bb.diffIds);
    expect(rec.size).toBeGreaterThan(500_000);
    const types: string[] = events.map((e) => e.type).filter((t) => t !== "blob-progress");
    expect(types).toEqual(["trying", "getting-signatures", "blob", "config", "writing-manifest", "storing-signatures", "pulled"]);
    expect(events[0]).toEqual({ type: "trying", reference: `${plain.host}/busybox:latest` });
    expect(events.find((e) => e.type === "blob")).toEqual({ type: "blob", digest: bb.layers[0]!.digest, status: "done" });
    const store = new ImageStore(root);
    try {
      expect(store.list().map((i) => i.id)).toEqual([rec.id]);
      expect(store.lookup("busybox")?.id).toBe(rec.id);
      expect(store.lookup(`${plain.host}/busybox:latest`)?.id).toBe(rec.id);
      expect(store.lookup(rec.id.slice(0, 5))?.id).toBe(rec.id);
      const cfg = store.config(rec);
      expect(cfg.config?.Cmd).toEqual(["sh"]);
      expect(cfg.architecture).toBe("amd64");
      const [lower] = store.layerPaths(rec);
      expect(fs.statSync(path.join(lower!, "bin/busybox")).mode & 0o111).toBeTruthy();
      expect(fs.readlinkSync(path.join(lower!, "bin/sh"))).toBe("busybox");
      expect(fs.statSync(path.join(lower!, "tmp")).mode & 0o7777).toBe(0o1777);
    } finally {
      store.close();
    }
  });

  test("Docker v2s2 image re-uses the unpacked layer; re-pull skips everything", async () => {
    const root = freshRoot();
    await pull(`${plain.host}/busybox`, root);
    const { rec, events } = await pull(`${plain.host}/busybox-docker:latest`, root);
    expect(rec.manifestMediaType).toBe("application/vnd.docker.distribution.manifest.v2+json");
    expect(events.filter((e) => e.type === "blob")).toEqual([{ type: "blob", digest: images["busybox-docker"].layers[0]!.digest, status: "skipped" }]);
    const again = await pull(`${plain.host}/busybox-docker:latest`, root);
    expect(again.events.filter((e) => e.type === "blob").every((e) => e.type === "blob" && e.status === "skipped")).toBe(true);
    const store = new ImageStore(root);
    try {
      // Same config bytes → same image id, holding both names.
      expect(store.list().length).toBe(1);
      expect(store.list()[0]!.names.sort()).toEqual([`${plain.host}/busybox-docker:latest`, `${plain.host}/busybox:latest`]);
      expect(fs.readdirSync(path.join(root, "layers")).filter((n) => !n.startsWith(".")).length).toBe(1);
    } finally {
      store.close();
    }
  });

  test("layered image: whiteout becomes a 0/0 char device, layers top-first", async () => {
    const root = freshRoot();
    const { rec } = await pull(`${plain.host}/layered`, root);
    const store = new ImageStore(root);
    try {
      const [top, base] = store.layerPaths(rec);
      expect(top).toContain(images.layered.diffIds[1]!.slice(7));
      expect(fs.readFileSync(path.join(top!, LAYERED.helloPath), "utf8")).toBe(LAYERED.helloContent);
      const wh = fs.lstatSync(path.join(top!, LAYERED.whiteoutPath));
      expect(wh.isCharacterDevice()).toBe(true);
      expect(wh.rdev).toBe(0);
      expect(fs.existsSync(path.join(top!, "bin/.wh.vi"))).toBe(false);
      expect(fs.lstatSync(path.join(base!, LAYERED.whiteoutPath)).isSymbolicLink()).toBe(true);
      const cfg = store.config(rec).config!;
      expect(cfg.Entrypoint).toEqual([...LAYERED.entrypoint]);
      expect(cfg.Cmd).toEqual([...LAYERED.cmd]);
      expect(cfg.WorkingDir).toBe(LAYERED.workingDir);
      expect(cfg.Env).toEqual([...LAYERED.env]);
      expect(cfg.Labels).toEqual({ ...LAYERED.labels });
    } finally {
      store.close();
    }
  });

  test("pull by digest records the digest, not a tag", async () => {
    const root = freshRoot();
    const d = images.busybox.manifest.digest;
    const { rec } = await pull(`${plain.host}/busybox@${d}`, root);
    expect(rec.names).toEqual([]);
    expect(rec.digests).toEqual([`${plain.host}/busybox@${d}`]);
    const store = new ImageStore(root);
    try {
      expect(store.lookup(`${plain.host}/busybox@${d}`)?.id).toBe(rec.id);
      expect(store.lookup(`busybox@${d}`)?.id).toBe(rec.id);
    } finally {
      store.close();
    }
  });

  test("short name resolves through unqualified-search registries", async () => {
    const { rec, events } = await pull("layered", freshRoot());
    expect(events[0]).toEqual({ type: "trying", reference: `${plain.host}/layered:latest` });
    expect(rec.names).toEqual([`${plain.host}/layered:latest`]);
  });

  test("unknown tag → manifest_unknown; unreachable → registry_unreachable", async () => {
    const err = (await pull(`${plain.host}/busybox:nope`, freshRoot()).catch((e) => e)) as TspodError;
    expect(isErrorCode(err, "manifest_unknown")).toBe(true);
    expect(err.message).toBe(`reading manifest nope in ${plain.host}/busybox: manifest unknown`);
    const err2 = (await pull(`127.0.0.1:1/busybox`, freshRoot(), { registries: insecureConf("127.0.0.1:1") }).catch((e) => e)) as TspodError;
    expect(isErrorCode(err2, "registry_unreachable")).toBe(true);
  });

  test("HTTPS with the fixture CA via certDir; without it verification fails", async () => {
    const conf = new RegistriesConf();
    const { rec } = await pull(`${secure.host}/busybox`, freshRoot(), { registries: conf, certDir: secure.certDir });
    expect(rec.id).toBe(images.busybox.config.digest.slice(7));
    const err = (await pull(`${secure.host}/busybox`, freshRoot(), { registries: conf }).catch((e) => e)) as TspodError;
    expect(isErrorCode(err, "registry_unreachable")).toBe(true);
    const { rec: rec2 } = await pull(`${secure.host}/busybox`, freshRoot(), { registries: conf, tlsVerify: false });
    expect(rec2.id).toBe(rec.id);
  });

  test("Basic auth: 401 without credentials, success with them", async () => {
    const conf = insecureConf(authReg.host);
    const err = await pull(`${authReg.host}/busybox`, freshRoot(), { registries: conf }).catch((e) => e);
    expect(isErrorCode(err, "unauthorized")).toBe(true);
    const { rec } = await pull(`${authReg.host}/busybox`, freshRoot(), { registries: conf, credentials: creds });
    expect(rec.names).toEqual([`${authReg.host}/busybox:latest`]);
  });

  test("5 concurrent pulls in separate processes produce one record", async () => {
    const root = freshRoot();
    const script = `
      import { pullImage } from ${JSON.stringify(path.join(import.meta.dir, "pull.ts"))};
      import { RegistriesConf } from ${JSON.stringify(path.join(import.meta.dir, "../config/registries-conf.ts"))};
      const conf = new RegistriesConf({ registries: [{ prefix: ${JSON.stringify(plain.host)}, location: ${JSON.stringify(plain.host)}, insecure: true, blocked: false, mirrors: [] }] });
      const r = await pullImage(${JSON.stringify(`${plain.host}/layered`)}, { root: ${JSON.stringify(root)}, registries: conf });
      console.log(r.id);
    `;
    const procs = [1, 2, 3, 4, 5].map(() => Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" }));
    const outs = await Promise.all(procs.map(async (p) => ({ code: await p.exited, out: await new Response(p.stdout).text(), err: await new Response(p.stderr).text() })));
    for (const o of outs) expect(o).toMatchObject({ code: 0 });
    expect(new Set(outs.map((o) => o.out.trim()))).toEqual(new Set([images.layered.config.digest.slice(7)]));
    const store = new ImageStore(root);
    try {
      expect(store.list().length).toBe(1);
      expect(fs.readdirSync(path.join(root, "layers")).filter((n) => !n.startsWith(".")).sort()).toEqual(images.layered.diffIds.map((d) => d.slice(7)).sort());
      expect(fs.readdirSync(path.join(root, "blobs", "tmp"))).toEqual([]);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe("pullImage from a fake registry", () => {
  test("manifest list: selects linux/amd64 and records both digests", async () => {
    const { rec, events } = await pull(`${fakeHost()}/bb:list`, freshRoot());
    expect(rec.id).toBe(images.busybox.config.digest.slice(7));
    expect(events.find((e) => e.type === "resolved-platform")).toMatchObject({ digest: images.busybox.manifest.digest });
    expect(rec.digests.length).toBe(2);
    expect(rec.manifestMediaType).toBe("application/vnd.oci.image.index.v1+json");
  });

  test("a blob with the wrong content is rejected and leaves the store intact", async () => {
    const root = freshRoot();
    // Fresh store: the layer's diff_id is unknown, so the (corrupt) blob must be downloaded.
    const err = await pull(`${fakeHost()}/bb:evil`, root).catch((e) => e);
    expect(isErrorCode(err, "digest_mismatch")).toBe(true);
    expect(String((err as Error).message)).toContain(sha256Digest("expected content"));
    const store = new ImageStore(root);
    try {
      expect(store.list()).toEqual([]);
    } finally {
      store.close();
    }
    expect(fs.readdirSync(path.join(root, "layers")).filter((n) => n !== ".locks")).toEqual([]);
    expect(fs.readdirSync(path.join(root, "blobs", "tmp"))).toEqual([]);
    expect(fs.existsSync(path.join(root, "blobs", "sha256", sha256Digest("expected content").slice(7)))).toBe(false);
    // The store still works afterwards.
    const { rec } = await pull(`${fakeHost()}/bb:list`, root);
    expect(rec.id).toBe(images.busybox.config.digest.slice(7));
  });
});
