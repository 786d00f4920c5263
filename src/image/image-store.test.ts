import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ImageStore } from "./image-store.ts";
import type { ImageRecord } from "./image-types.ts";
import { RegistriesConf } from "../config/registries-conf.ts";
import { sha256Digest } from "../util/digest.ts";

let dir: string;
let store: ImageStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-images-"));
  store = new ImageStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function fakeLayer(diffId: string): void {
  const d = path.join(dir, "layers", diffId.slice(7));
  fs.mkdirSync(path.join(d, "diff"), { recursive: true });
  fs.writeFileSync(path.join(d, "layer.json"), JSON.stringify({ diffId, size: 1 }));
}

async function image(n: number, names: string[], digests: string[] = []): Promise<ImageRecord> {
  const config = JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["sh"], Env: [`N=${n}`] }, rootfs: { type: "layers", diff_ids: [sha256Digest(`l${n}`), sha256Digest(`m${n}`)] } });
  const cd = sha256Digest(config);
  await store.blobs.put(new TextEncoder().encode(config), { digest: cd });
  for (const l of [`l${n}`, `m${n}`]) fakeLayer(sha256Digest(l));
  return store.add({
    id: cd.slice(7),
    names,
    digests,
    manifestDigest: sha256Digest(`manifest${n}`),
    manifestMediaType: "application/vnd.oci.image.manifest.v1+json",
    configDigest: cd,
    diffIds: [sha256Digest(`l${n}`), sha256Digest(`m${n}`)],
    created: "2024-01-01T00:00:00Z",
    size: 100 * n,
    pulledAt: 1000 + n,
  });
}

describe("ImageStore", () => {
  test("add, list, get, config, layerPaths", async () => {
    const a = await image(1, ["127.0.0.1:5000/busybox:latest"]);
    expect(store.list()).toEqual([a]);
    expect(store.config(a).config?.Env).toEqual(["N=1"]);
    expect(store.layerPaths(a)).toEqual([
      path.join(dir, "layers", sha256Digest("m1").slice(7), "diff"),
      path.join(dir, "layers", sha256Digest("l1").slice(7), "diff"),
    ]);
  });

  test("lookup by every kind of name", async () => {
    const a = await image(1, ["127.0.0.1:5000/busybox:latest", "localhost/mine:v1"], [`127.0.0.1:5000/busybox@${sha256Digest("manifest1")}`]);
    const b = await image(2, ["docker.io/library/alpine:3"]);
    expect(store.lookup("127.0.0.1:5000/busybox:latest")?.id).toBe(a.id);
    expect(store.lookup("127.0.0.1:5000/busybox")?.id).toBe(a.id);
    expect(store.lookup("busybox")?.id).toBe(a.id);
    expect(store.lookup("busybox:latest")?.id).toBe(a.id);
    expect(store.lookup("busybox:other")).toBeUndefined();
    expect(store.lookup("mine:v1")?.id).toBe(a.id);
    expect(store.lookup("alpine:3")?.id).toBe(b.id);
    expect(store.lookup("library/alpine:3")?.id).toBe(b.id);
    expect(store.lookup("docker.io/alpine:3")?.id).toBe(b.id);
    expect(store.lookup(a.id)?.id).toBe(a.id);
    expect(store.lookup(`sha256:${a.id}`)?.id).toBe(a.id);
    expect(store.lookup(a.id.slice(0, 3))?.id).toBe(a.id);
    expect(store.lookup(a.id.slice(0, 2))).toBeUndefined();
    expect(store.lookup(`127.0.0.1:5000/busybox@${sha256Digest("manifest1")}`)?.id).toBe(a.id);
    expect(store.lookup(`busybox@${sha256Digest("manifest1")}`)?.id).toBe(a.id);
    expect(store.lookup("nothere")).toBeUndefined();
    expect(store.lookup("Invalid Name")).toBeUndefined();
  });

  test("short names prefer localhost, then search registries in order", async () => {
    const a = await image(1, ["quay.io/x/app:latest"]);
    const b = await image(2, ["docker.io/library/app:latest"]);
    const conf = new RegistriesConf({ unqualifiedSearchRegistries: ["docker.io", "quay.io"] });
    expect(store.lookup("app", conf)?.id).toBe(b.id);
    const c = await image(3, ["localhost/app:latest"]);
    expect(store.lookup("app", conf)?.id).toBe(c.id);
    expect(store.lookup("x/app")?.id).toBe(a.id);
  });

  test("re-adding a name moves it to the new image (dangling old image stays)", async () => {
    const old = await image(1, ["h.io/app:latest"]);
    const neu = await image(2, ["h.io/app:latest"]);
    expect(store.lookup("h.io/app:latest")?.id).toBe(neu.id);
    expect(store.get(old.id)?.names).toEqual([]);
    expect(store.list().length).toBe(2);
    // Re-adding the same image is an update, not a duplicate.
    await image(2, ["h.io/app:latest", "h.io/app:v2"]);
    expect(store.list().length).toBe(2);
    expect(store.get(neu.id)?.names).toEqual(["h.io/app:latest", "h.io/app:v2"]);
  });

  test("ambiguous id prefix is an error", async () => {
    const base = await image(1, []);
    for (const id of ["abc1" + "0".repeat(60), "abc2" + "0".repeat(60)]) store.add({ ...base, id, names: [] });
    expect(() => store.lookup("abc")).toThrow(/ambiguous/);
    expect(store.lookup("abc1")?.id).toBe("abc1" + "0".repeat(60));
  });

  test("untag, tag, remove", async () => {
    const a = await image(1, ["h.io/a:1"]);
    store.tag(a.id, "h.io/a:2");
    expect(store.get(a.id)?.names).toEqual(["h.io/a:1", "h.io/a:2"]);
    expect(store.untag(a.id, "h.io/a:1")).toBe(true);
    expect(store.lookup("h.io/a:1")).toBeUndefined();
    expect(store.remove(a.id)).toBeDefined();
    expect(store.remove(a.id)).toBeUndefined();
    expect(store.list()).toEqual([]);
    expect(store.lookup("h.io/a:2")).toBeUndefined();
  });

  test("two store handles on one root see each other's writes", async () => {
    const other = new ImageStore(dir);
    try {
      const a = await image(1, ["h.io/a:1"]);
      expect(other.lookup("h.io/a:1")?.id).toBe(a.id);
    } finally {
      other.close();
    }
  });

  test("remove collects layers and blobs no other image uses", async () => {
    const a = await image(1, ["h.io/a:1"]);
    // b shares a's base layer l1
    const cfg = JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [sha256Digest("l1"), sha256Digest("x")] } });
    const cd = sha256Digest(cfg);
    await store.blobs.put(new TextEncoder().encode(cfg), { digest: cd });
    fakeLayer(sha256Digest("x"));
    const b = store.add({ ...a, id: cd.slice(7), configDigest: cd, names: ["h.io/b:1"], digests: [], diffIds: [sha256Digest("l1"), sha256Digest("x")] });
    const report = store.remove(a.id)!;
    expect(report.layers.sort()).toEqual([sha256Digest("m1")]);
    expect(store.layers.has(sha256Digest("l1"))).toBe(true);
    expect(store.layers.has(sha256Digest("m1"))).toBe(false);
    expect(store.blobs.has(a.configDigest)).toBe(false);
    expect(fs.readdirSync(path.join(dir, "layers")).filter((n) => n.startsWith(".rm-"))).toEqual([]);
    store.remove(b.id);
    expect(store.layers.has(sha256Digest("l1"))).toBe(false);
  });

  test("add refuses a record whose layer was collected meanwhile", async () => {
    const a = await image(1, ["h.io/a:1"]);
    store.remove(a.id);
    expect(() => store.add(a)).toThrow(/removed meanwhile/);
    expect(store.list()).toEqual([]);
  });

  test("a removal check that throws keeps the image", async () => {
    const a = await image(1, ["h.io/a:1"]);
    expect(() => store.remove(a.id, () => { throw new Error("in use"); })).toThrow("in use");
    expect(store.get(a.id)?.names).toEqual(["h.io/a:1"]);
    expect(store.layers.has(sha256Digest("l1"))).toBe(true);
  });
});
