// In-process round trips through the real stores: import → save (each format) → load elsewhere.
import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildTar } from "../util/tar-writer.ts";
import { loadArchive, pullFromLocalTransport } from "./archive-load.ts";
import { saveImages } from "./archive-save.ts";
import { importTarball } from "./import-tarball.ts";
import { ImageStore } from "./image-store.ts";
import { pushToLocalTransport } from "./transport-push.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-archive-"));
const stores: ImageStore[] = [];
afterAll(() => {
  for (const s of stores) s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
function store(name: string): ImageStore {
  const s = new ImageStore(path.join(tmp, name));
  stores.push(s);
  return s;
}

describe("archive round trips", async () => {
  const src = store("src");
  const tarball = path.join(tmp, "rootfs.tar");
  fs.writeFileSync(tarball, buildTar([{ name: "etc/", type: "dir" }, { name: "etc/hello", data: "hello\n" }]));
  const img = await importTarball(src, tarball, { reference: "demo:1", changes: ["CMD /bin/true"] });

  test("import names short references under localhost/ and records one layer", () => {
    expect(img.names).toEqual(["localhost/demo:1"]);
    expect(img.diffIds).toHaveLength(1);
    expect(src.config(img).config?.Cmd).toEqual(["/bin/sh", "-c", "/bin/true"]);
  });

  for (const format of ["docker-archive", "oci-archive"] as const) {
    test(`${format}: same image id and names after load`, async () => {
      const file = path.join(tmp, `${format}.tar`);
      await saveImages(src, ["demo:1"], { format, output: file });
      const dst = store(`dst-${format}`);
      const loaded = await loadArchive(dst, file);
      expect(loaded).toEqual([{ id: img.id, names: ["localhost/demo:1"] }]);
      expect(fs.readFileSync(path.join(dst.layers.layerDiffPath(img.diffIds[0]!), "etc/hello"), "utf8")).toBe("hello\n");
      expect(fs.readdirSync(path.join(dst.root, "tmp"))).toEqual([]);
    });
  }

  test("a layer whose blob is gone is rebuilt from its diff (config diff_ids rewritten)", async () => {
    const own = store("blobless");
    const i2 = await importTarball(own, tarball, { reference: "bl:1" });
    own.blobs.remove(own.layers.info(i2.diffIds[0]!)!.compressedDigest!);
    const file = path.join(tmp, "blobless.tar");
    await saveImages(own, ["bl:1"], { format: "docker-archive", output: file });
    const dst = store("dst-blobless");
    const [loaded] = await loadArchive(dst, file);
    expect(loaded!.names).toEqual(["localhost/bl:1"]);
    const rec = dst.get(loaded!.id)!;
    expect(fs.readFileSync(path.join(dst.layers.layerDiffPath(rec.diffIds[0]!), "etc/hello"), "utf8")).toBe("hello\n");
    expect(fs.readdirSync(path.join(own.root, "tmp"))).toEqual([]);
  });

  test("oci-dir and dir: transports round-trip through pull", async () => {
    await pushToLocalTransport(src, "demo:1", `oci:${path.join(tmp, "layout")}:v1`);
    await pushToLocalTransport(src, img.id, `dir:${path.join(tmp, "skdir")}`);
    const dst = store("dst-transports");
    expect((await pullFromLocalTransport(dst, `oci:${path.join(tmp, "layout")}:v1`)).id).toBe(img.id);
    expect((await pullFromLocalTransport(dst, `dir:${path.join(tmp, "skdir")}`)).id).toBe(img.id);
    await expect(pullFromLocalTransport(dst, `oci:${path.join(tmp, "layout")}:nope`)).rejects.toThrow(/no descriptor found/);
  });
});

describe("staging dirs", () => {
  test("a dir left by a dead process is removed, a live one's is kept", async () => {
    const { storeTempDir } = await import("./archive-file.ts");
    const root = path.join(tmp, "staging");
    fs.mkdirSync(path.join(root, "tmp", "load-999999999-abc"), { recursive: true });
    fs.mkdirSync(path.join(root, "tmp", `load-${process.ppid}-abc`), { recursive: true });
    const mine = storeTempDir(root, "load");
    expect(fs.readdirSync(path.join(root, "tmp")).sort()).toEqual([`load-${process.ppid}-abc`, path.basename(mine)].sort());
  });
});
