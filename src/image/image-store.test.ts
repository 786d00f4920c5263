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

async function image(n: number, names: string[], digests: string[] = []): Promise<ImageRecord> {
  const config = JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["sh"], Env: [`N=${n}`] }, rootfs: { type: "layers", diff_ids: [sha256Digest(`l${n}`), sha256Digest(`m${n}`)] } });
  const cd = sha256Digest(config);
  await store.blobs.put(new TextEncoder().encode(config), { digest: cd });
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
    expect(store.remove(a.id)).toBe(true);
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
});
