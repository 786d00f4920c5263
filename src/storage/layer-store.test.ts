import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { LayerStore } from "./layer-store.ts";
import { buildTar, type TarWriteEntry } from "../util/tar-writer.ts";
import { sha256Digest } from "../util/digest.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

let dir: string;
let store: LayerStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-layers-"));
  store = new LayerStore(path.join(dir, "root"));
  fs.mkdirSync(path.join(dir, "root", "layers"), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function blob(entries: TarWriteEntry[], compress: "gzip" | "zstd" | "none" = "gzip"): { file: string; diffId: string } {
  const tar = buildTar(entries);
  const data = compress === "gzip" ? zlib.gzipSync(tar) : compress === "zstd" ? Bun.zstdCompressSync(tar) : tar;
  const file = path.join(dir, `blob-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, data);
  return { file, diffId: sha256Digest(tar) };
}

/** Reads an xattr (no getfattr on this host; python3's os.getxattr is). */
function getxattrHex(file: string, name: string): string {
  const r = Bun.spawnSync(["python3", "-c", "import os,sys;print(os.getxattr(sys.argv[1],sys.argv[2],follow_symlinks=False).hex())", file, name]);
  return r.stdout.toString().trim();
}

function leftovers(): string[] {
  return fs.readdirSync(store.dir).filter((n) => n !== ".locks");
}

async function expectUnsafe(entries: TarWriteEntry[], msg: RegExp): Promise<void> {
  const b = blob(entries);
  const err = await store.unpack(b.file, b.diffId).then(() => undefined, (e: unknown) => e);
  expect(isErrorCode(err, "unsafe_content")).toBe(true);
  expect(String((err as Error).message)).toMatch(msg);
  expect(leftovers()).toEqual([]);
  expect(fs.existsSync("/tmp/tspod-pwned")).toBe(false);
}

describe("LayerStore.unpack", () => {
  for (const kind of ["gzip", "zstd", "none"] as const) {
    test(`unpacks a ${kind} layer once, with metadata`, async () => {
      const b = blob(
        [
          { name: "./", type: "dir", mode: 0o755 },
          { name: "bin/", type: "dir", mode: 0o711, mtime: 1000 },
          { name: "bin/su", data: "#!x", mode: 0o4755, uid: 12, gid: 34, mtime: 2000 },
          { name: "bin/sh", type: "symlink", linkname: "/bin/busybox", mtime: 3000 },
          { name: "bin/sh2", type: "hardlink", linkname: "bin/su" },
          { name: "dev/null", type: "char", devmajor: 1, devminor: 3, mode: 0o666 },
          { name: "fifo", type: "fifo", mode: 0o600 },
          { name: "cap", data: "c", xattrs: { "user.bin": new Uint8Array([0, 255, 128, 1]) } },
        ],
        kind,
      );
      const r = await store.unpack(b.file, b.diffId);
      expect(r.created).toBe(true);
      const d = store.layerDiffPath(b.diffId);
      const su = fs.lstatSync(path.join(d, "bin/su"));
      expect(su.mode & 0o7777).toBe(0o4755);
      expect([su.uid, su.gid]).toEqual([12, 34]);
      expect(su.mtimeMs).toBe(2000_000);
      expect(su.nlink).toBe(2);
      expect(fs.lstatSync(path.join(d, "bin")).mode & 0o7777).toBe(0o711);
      expect(fs.lstatSync(path.join(d, "bin")).mtimeMs).toBe(1000_000);
      expect(fs.readlinkSync(path.join(d, "bin/sh"))).toBe("/bin/busybox");
      const nul = fs.lstatSync(path.join(d, "dev/null"));
      expect(nul.isCharacterDevice()).toBe(true);
      expect(nul.rdev).toBe(259);
      expect(fs.lstatSync(path.join(d, "fifo")).isFIFO()).toBe(true);
      expect(getxattrHex(path.join(d, "cap"), "user.bin")).toBe("00ff8001");
      expect((await store.unpack(b.file, b.diffId)).created).toBe(false);
      expect(leftovers()).toEqual([b.diffId.slice(7)]);
    });
  }

  test("whiteouts become overlay whiteouts", async () => {
    const b = blob([
      { name: "etc/", type: "dir" },
      { name: "etc/.wh.passwd", data: "" },
      { name: "opq/", type: "dir" },
      { name: "opq/.wh..wh..opq", data: "" },
      { name: "opq/new", data: "n" },
    ]);
    await store.unpack(b.file, b.diffId);
    const d = store.layerDiffPath(b.diffId);
    const wh = fs.lstatSync(path.join(d, "etc/passwd"));
    expect(wh.isCharacterDevice()).toBe(true);
    expect(wh.rdev).toBe(0);
    expect(fs.existsSync(path.join(d, "etc/.wh.passwd"))).toBe(false);
    expect(fs.existsSync(path.join(d, "opq/.wh..wh..opq"))).toBe(false);
    expect(getxattrHex(path.join(d, "opq"), "trusted.overlay.opaque")).toBe("79");
  });

  test("later entries replace earlier ones without following symlinks", async () => {
    const b = blob([
      { name: "f", type: "symlink", linkname: "/tmp/tspod-pwned" },
      { name: "f", data: "safe" },
    ]);
    await store.unpack(b.file, b.diffId);
    expect(fs.readFileSync(path.join(store.layerDiffPath(b.diffId), "f"), "utf8")).toBe("safe");
    expect(fs.existsSync("/tmp/tspod-pwned")).toBe(false);
  });

  test("refuses .. components", () => expectUnsafe([{ name: "../../tmp/tspod-pwned", data: "x" }], /\.\./));
  test("refuses .. in the middle", () => expectUnsafe([{ name: "a/", type: "dir" }, { name: "a/../../tspod-pwned", data: "x" }], /\.\./));
  test("refuses writing through an absolute symlink", () =>
    expectUnsafe([{ name: "etc", type: "symlink", linkname: "/" }, { name: "etc/tmp/tspod-pwned", data: "x" }], /through the symlink "etc"/));
  test("refuses writing through a relative escaping symlink", () =>
    expectUnsafe([{ name: "a", type: "symlink", linkname: "../../../../../../tmp" }, { name: "a/tspod-pwned", data: "x" }], /symlink "a"/));
  test("refuses a hardlink out of the tree", () =>
    expectUnsafe([{ name: "h", type: "hardlink", linkname: "../../../../etc/passwd" }], /\.\./));
  test("refuses an absolute hardlink to a missing file", () =>
    expectUnsafe([{ name: "h", type: "hardlink", linkname: "/etc/hostname-not-in-layer" }], /not in the layer/));
  test("refuses a hardlink through a symlink", () =>
    expectUnsafe([{ name: "s", type: "symlink", linkname: "/etc" }, { name: "h", type: "hardlink", linkname: "s/passwd" }], /symlink "s"/));
  test("refuses a whiteout of ..", () => expectUnsafe([{ name: "a/.wh...", data: "" }], /\.\./));
  test("refuses a PAX path override that escapes", () =>
    expectUnsafe([{ name: "innocent", data: "x", pax: { path: "../tspod-pwned" } }], /\.\./));

  test("diff_id mismatch is refused and leaves nothing", async () => {
    const b = blob([{ name: "a", data: "x" }]);
    const err = await store.unpack(b.file, sha256Digest("other")).catch((e: unknown) => e);
    expect(isErrorCode(err, "digest_mismatch")).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  test("corrupt gzip is refused and leaves nothing", async () => {
    const b = blob([{ name: "a", data: "x".repeat(10000) }]);
    const data = fs.readFileSync(b.file);
    fs.writeFileSync(b.file, data.subarray(0, data.length - 20));
    const err = await store.unpack(b.file, b.diffId).catch((e: unknown) => e);
    expect(isErrorCode(err, "unsafe_content") || isErrorCode(err, "digest_mismatch")).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  test("concurrent unpacks of one layer create it once", async () => {
    const b = blob([{ name: "a", data: "x" }]);
    const results = await Promise.all([1, 2, 3, 4].map(() => store.unpack(b.file, b.diffId)));
    expect(results.filter((r) => r.created).length).toBe(1);
    expect(leftovers()).toEqual([b.diffId.slice(7)]);
  });
});
