// Hostile registries and killed pulls. A fake registry on a raw TCP socket (so it can lie about
// Content-Length, cut a body short and send slowly) serves small images built here:
//   truncated  – the layer body ends before the descriptor's size
//   huge       – the registry declares a Content-Length far beyond the descriptor's size
//   mismatch   – the manifest names a layer digest the served content does not have
//   slow       – a 3-layer ~12 MB image sent slowly, for SIGKILL-at-random-points tests
// After each failure nothing may be stored (no image, no layer, no temp file) and the store must
// keep working; after killed pulls the next pull must complete and leave no temp files behind.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { HEX64, TSPOD, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "hostile" });

interface Served {
  manifest: Uint8Array;
  blobs: Map<string, Uint8Array>;
}

const images = new Map<string, Served>();
let server: net.Server;
let host: string;
let slowLayerDirs: string[] = [];

function sha(b: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(b).digest("hex");
}

function tarOf(files: Record<string, Uint8Array>): Uint8Array {
  const dir = mkdtempSync(join(t.tmp, "tar-"));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  const r = Bun.spawnSync({ cmd: ["tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", "-", "."], cwd: dir, stdout: "pipe" });
  rmSync(dir, { recursive: true, force: true });
  return r.stdout;
}

function makeImage(layers: Uint8Array[]): Served {
  const blobs = new Map<string, Uint8Array>();
  const descs = layers.map((tar) => {
    const gz = gzipSync(tar, { level: 1 });
    blobs.set(sha(gz), gz);
    return { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha(gz), size: gz.length };
  });
  const config = new TextEncoder().encode(JSON.stringify({
    architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: layers.map((l) => sha(l)) },
  }));
  blobs.set(sha(config), config);
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(config), size: config.length },
    layers: descs,
  }));
  return { manifest, blobs };
}

function respond(sock: net.Socket, status: number, headers: Record<string, string>, body?: Uint8Array, opts: { declared?: number; cutAt?: number; bytesPerTick?: number } = {}) {
  const len = opts.declared ?? body?.length ?? 0;
  const head = [`HTTP/1.1 ${status} X`, `Content-Length: ${len}`, "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  sock.write(head);
  if (!body) return void sock.end();
  const data = opts.cutAt !== undefined ? body.subarray(0, opts.cutAt) : body;
  if (!opts.bytesPerTick) {
    sock.write(data);
    // a short body on a keep-alive length: close the connection mid-body
    return void sock.end();
  }
  let off = 0;
  const tick = () => {
    if (sock.destroyed) return;
    if (off >= data.length) return void sock.end();
    sock.write(data.subarray(off, off + opts.bytesPerTick!));
    off += opts.bytesPerTick!;
    setTimeout(tick, 10);
  };
  tick();
}

function handle(sock: net.Socket, path: string) {
  if (path === "/v2/") return respond(sock, 200, { "Content-Type": "application/json" }, new TextEncoder().encode("{}"));
  const m = /^\/v2\/([^/]+)\/(manifests|blobs)\/(.+)$/.exec(path);
  const img = m && images.get(m[1]!);
  if (!m || !img) return respond(sock, 404, {}, new TextEncoder().encode("{}"));
  if (m[2] === "manifests") return respond(sock, 200, { "Content-Type": "application/vnd.oci.image.manifest.v1+json" }, img.manifest);
  const blob = img.blobs.get(m[3]!);
  if (!blob) return respond(sock, 404, {}, new TextEncoder().encode("{}"));
  const isConfig = blob[0] === 0x7b; // "{"
  if (isConfig) return respond(sock, 200, {}, blob);
  switch (m[1]) {
    case "truncated":
      return respond(sock, 200, {}, blob, { cutAt: Math.floor(blob.length / 2), declared: blob.length });
    case "huge":
      return respond(sock, 200, {}, blob, { declared: 50 * 1024 * 1024 * 1024 });
    case "slow":
      return respond(sock, 200, {}, blob, { bytesPerTick: 160 * 1024 });
    default:
      return respond(sock, 200, {}, blob);
  }
}

beforeAll(async () => {
  const small = tarOf({ "hello.txt": new TextEncoder().encode("hello\n"), "data.bin": randomBytes(64 * 1024) });
  images.set("truncated", makeImage([small]));
  images.set("huge", makeImage([small]));
  const good = makeImage([small]);
  // mismatch: the manifest's layer digest names other content than what is served for it
  const parsed = JSON.parse(new TextDecoder().decode(good.manifest));
  const served = good.blobs.get(parsed.layers[0].digest)!;
  const claimed = sha("something else entirely");
  parsed.layers[0].digest = claimed;
  const mismatch: Served = { manifest: new TextEncoder().encode(JSON.stringify(parsed)), blobs: new Map(good.blobs) };
  mismatch.blobs.set(claimed, served);
  images.set("mismatch", mismatch);
  const slowLayers = [0, 1, 2].map((i) => tarOf({ [`big${i}.bin`]: randomBytes(4 * 1024 * 1024), [`small${i}.txt`]: new TextEncoder().encode(`layer ${i}\n`) }));
  images.set("slow", makeImage(slowLayers));
  slowLayerDirs = slowLayers.map((l) => sha(l).slice(7));

  server = net.createServer((sock) => {
    let buf = "";
    sock.on("error", () => {});
    sock.on("data", (d) => {
      if (buf === "" && d[0] === 0x16) return void sock.destroy(); // TLS probe: plain HTTP only
      buf += d.toString("latin1");
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const path = buf.split(" ")[1] ?? "/";
      buf = "";
      handle(sock, path.split("?")[0]!);
    });
  });
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
  host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

function leftovers(root: string): string[] {
  const out: string[] = [];
  const tmp = join(root, "blobs", "tmp");
  if (existsSync(tmp)) out.push(...readdirSync(tmp).map((n) => `blobs/tmp/${n}`));
  const layers = join(root, "layers");
  if (existsSync(layers)) out.push(...readdirSync(layers).filter((n) => n.startsWith(".tmp-") || n.startsWith(".rm-")).map((n) => `layers/${n}`));
  return out;
}

function layerDirs(root: string): string[] {
  const layers = join(root, "layers");
  return existsSync(layers) ? readdirSync(layers).filter((n) => /^[0-9a-f]{64}$/.test(n)) : [];
}

async function expectNothingStored(store: { root: string; runroot: string }) {
  expect((await t.ok(["images", "-q"], { store })).out).toBe("");
  expect(layerDirs(store.root)).toEqual([]);
  expect(leftovers(store.root)).toEqual([]);
}

describe("hostile registry responses", () => {
  test("truncated blob: rejected, nothing stored", async () => {
    const store = t.newStore("trunc");
    const r = await t.tspod(["pull", "--tls-verify=false", `${host}/truncated:latest`], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/Error: .*(expected \d+|unexpected end|closed|ended|digest)/i);
    expect(r.stderr).toContain("reading blob sha256:");
    await expectNothingStored(store);
  });

  test("huge declared Content-Length: refused before downloading, nothing stored", async () => {
    const store = t.newStore("huge");
    const start = Date.now();
    const r = await t.tspod(["pull", "--tls-verify=false", `${host}/huge:latest`], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("registry declared 53687091200 bytes");
    expect(Date.now() - start).toBeLessThan(20_000);
    await expectNothingStored(store);
  });

  test("manifest layer digest that does not match the content: rejected, nothing stored", async () => {
    const store = t.newStore("mismatch");
    const r = await t.tspod(["pull", "--tls-verify=false", `${host}/mismatch:latest`], { store });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/digest/);
    await expectNothingStored(store);
    // the store still works
    const ok = await t.tspod(["pull", "--tls-verify=false", `${host}/slow:latest`], { store, timeout: 120_000 });
    expect(ok.code).toBe(0);
  });
});

describe("atomicity", () => {
  test("pulls SIGKILLed at random points leave no half image; the next pull completes cleanly", async () => {
    const store = t.newStore("killed");
    const ref = `${host}/slow:latest`;
    for (const ms of [150, 400, 700, 1000, 1400]) {
      const proc = Bun.spawn({
        cmd: [TSPOD, "--root", store.root, "--runroot", store.runroot, "pull", "--tls-verify=false", ref],
        env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf },
        stdout: "pipe",
        stderr: "pipe",
      });
      await Bun.sleep(ms);
      proc.kill("SIGKILL");
      await proc.exited;
      // killed before the end: no image may be visible (a finished pull is fine too)
      const imgs = await t.ok(["images", "-q", "--no-trunc"], { store });
      if (proc.exitCode !== 0 && imgs.out !== "") {
        // the image record is written last: when it exists, every layer must be complete
        expect(layerDirs(store.root).sort()).toEqual([...slowLayerDirs].sort());
      }
    }
    const r = await t.tspod(["pull", "--tls-verify=false", ref], { store, timeout: 120_000 });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(HEX64);
    expect((await t.ok(["images", "-q"], { store })).out.split("\n")).toHaveLength(1);
    expect(layerDirs(store.root).sort()).toEqual([...slowLayerDirs].sort());
    for (const [i, dir] of slowLayerDirs.entries()) {
      expect(readFileSync(join(store.root, "layers", dir, "diff", `small${i}.txt`), "utf8")).toBe(`layer ${i}\n`);
    }
    // temp files of the killed pulls were swept by the last one
    expect(leftovers(store.root)).toEqual([]);
  }, 300_000);
});
