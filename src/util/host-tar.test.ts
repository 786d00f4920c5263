import { afterAll, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { packHostPath, unpackToHost } from "./host-tar.ts";
import { buildTar } from "./tar-writer.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-host-tar-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* once(b: Uint8Array): AsyncGenerator<Uint8Array> {
  yield b;
}

test("a directory packed and unpacked under another name keeps files, links and modes", async () => {
  const src = path.join(dir, "src");
  fs.mkdirSync(path.join(src, "sub"), { recursive: true });
  fs.writeFileSync(path.join(src, "sub/a.txt"), "A\n", { mode: 0o640 });
  fs.symlinkSync("a.txt", path.join(src, "sub/link"));
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  await unpackToHost(once(packHostPath(src, "src")), out, { rename: "copy", keepOwner: false });
  expect(fs.readFileSync(path.join(out, "copy/sub/a.txt"), "utf8")).toBe("A\n");
  expect(fs.statSync(path.join(out, "copy/sub/a.txt")).mode & 0o777).toBe(0o640);
  expect(fs.readlinkSync(path.join(out, "copy/sub/link"))).toBe("a.txt");
  // "" packs the contents
  await unpackToHost(once(packHostPath(src, "")), out, { keepOwner: false });
  expect(fs.readFileSync(path.join(out, "sub/a.txt"), "utf8")).toBe("A\n");
});

test("entries that climb out or go through a symlink are refused, and nothing lands outside", async () => {
  const out = path.join(dir, "hostile");
  fs.mkdirSync(out);
  const outside = path.join(dir, "outside");
  fs.mkdirSync(outside);
  await expect(unpackToHost(once(buildTar([{ name: "../outside/x", data: "no" }])), out, { keepOwner: false })).rejects.toThrow("leaves the destination");
  const viaLink = buildTar([{ name: "l", type: "symlink", linkname: outside }, { name: "l/y", data: "no" }]);
  await expect(unpackToHost(once(viaLink), out, { keepOwner: false })).rejects.toThrow("leaves the destination");
  expect(fs.readdirSync(outside)).toEqual([]);
});
