import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lgetxattr, lsetxattr, makedev, mknod, S_IFCHR, S_IFIFO } from "../util/libc.ts";
import { flattenLayers } from "./vfs-copy.ts";

const isRoot = process.getuid?.() === 0;
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-vfs-copy-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(layer: string, rel: string, content: string, mode = 0o644): void {
  const p = path.join(layer, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content, { mode });
  fs.chmodSync(p, mode);
}

function whiteout(layer: string, rel: string): void {
  const p = path.join(layer, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  mknod(p, S_IFCHR | 0o000, makedev(0, 0));
}

function list(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      out.push(r);
      if (fs.lstatSync(path.join(dir, r)).isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}

describe.skipIf(!isRoot)("flattenLayers (as root)", () => {
  test("applies whiteouts and opaque dirs bottom-up, preserving metadata", () => {
    const l1 = path.join(tmp, "l1");
    const l2 = path.join(tmp, "l2");
    const l3 = path.join(tmp, "l3");
    const out = path.join(tmp, "out");
    write(l1, "etc/keep", "keep");
    write(l1, "etc/gone", "gone");
    write(l1, "bin/tool", "#!/bin/sh\n", 0o4755);
    fs.chownSync(path.join(l1, "bin/tool"), 1000, 1001);
    fs.chmodSync(path.join(l1, "bin/tool"), 0o4755); // chown cleared set-uid
    write(l1, "opq/old1", "old");
    write(l1, "opq/sub/old2", "old");
    write(l1, "dirgone/a", "a");
    write(l1, "replaced", "was a file");
    fs.linkSync(path.join(l1, "etc/keep"), path.join(l1, "etc/keep-link"));
    fs.symlinkSync("keep", path.join(l1, "etc/sym"));
    mknod(path.join(l1, "null"), S_IFCHR | 0o666, makedev(1, 3));
    mknod(path.join(l1, "fifo"), S_IFIFO | 0o644, 0n);
    lsetxattr(path.join(l1, "etc/keep"), "user.note", new TextEncoder().encode("hi"));
    fs.utimesSync(path.join(l1, "etc/keep"), 1000, 1_000_000);

    whiteout(l2, "etc/gone");
    whiteout(l2, "dirgone");
    fs.mkdirSync(path.join(l2, "opq"), { recursive: true });
    lsetxattr(path.join(l2, "opq"), "trusted.overlay.opaque", new TextEncoder().encode("y"));
    write(l2, "opq/new", "new");
    fs.mkdirSync(path.join(l2, "replaced"));
    write(l2, "replaced/inner", "inner");
    write(l2, "hello.txt", "hello from layer 2");

    write(l3, "hello.txt", "hello from layer 3");
    whiteout(l3, "opq/new");
    fs.utimesSync(l3, 2000, 2_000_000);

    flattenLayers([l1, l2, l3], out);

    expect(list(out)).toEqual([
      "bin",
      "bin/tool",
      "etc",
      "etc/keep",
      "etc/keep-link",
      "etc/sym",
      "fifo",
      "hello.txt",
      "null",
      "opq",
      "replaced",
      "replaced/inner",
    ]);
    expect(fs.readFileSync(path.join(out, "hello.txt"), "utf8")).toBe("hello from layer 3");
    const tool = fs.statSync(path.join(out, "bin/tool"));
    expect(tool.mode & 0o7777).toBe(0o4755);
    expect([tool.uid, tool.gid]).toEqual([1000, 1001]);
    expect(fs.statSync(path.join(out, "etc/keep")).ino).toBe(fs.statSync(path.join(out, "etc/keep-link")).ino);
    expect(fs.readlinkSync(path.join(out, "etc/sym"))).toBe("keep");
    expect(fs.lstatSync(path.join(out, "fifo")).isFIFO()).toBe(true);
    const dev = fs.lstatSync(path.join(out, "null"));
    expect(dev.isCharacterDevice()).toBe(true);
    expect(dev.rdev).toBe(fs.lstatSync(path.join(l1, "null")).rdev);
    expect(Buffer.from(lgetxattr(path.join(out, "etc/keep"), "user.note") ?? []).toString()).toBe("hi");
    expect(lgetxattr(path.join(out, "opq"), "trusted.overlay.opaque")).toBeUndefined();
    expect(fs.statSync(path.join(out, "etc/keep")).mtimeMs).toBe(1_000_000_000);
    expect(fs.statSync(out).mtimeMs).toBe(2_000_000_000);
    // No whiteout device leaks into the copy.
    expect(fs.readdirSync(path.join(out, "etc"))).not.toContain("gone");
    expect(fs.readdirSync(path.join(out, "opq"))).toEqual([]);
  });

  test("a file replacing a directory, and a symlinked dir in the target is never followed", () => {
    const l1 = path.join(tmp, "s1");
    const l2 = path.join(tmp, "s2");
    const out = path.join(tmp, "sout");
    const outside = path.join(tmp, "outside");
    fs.mkdirSync(outside);
    write(l1, "d/x", "x");
    fs.symlinkSync(outside, path.join(l1, "link"));
    write(l2, "d", "now a file");
    write(l2, "link/escape", "must not land outside");
    flattenLayers([l1, l2], out);
    expect(fs.readFileSync(path.join(out, "d"), "utf8")).toBe("now a file");
    expect(fs.lstatSync(path.join(out, "link")).isDirectory()).toBe(true);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
