import { afterAll, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveInRoot } from "./rootfs-path.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "rootfs-path-"));
fs.mkdirSync(path.join(root, "etc"));
fs.writeFileSync(path.join(root, "etc/passwd"), "inside\n");
fs.symlinkSync("/etc/passwd", path.join(root, "abs"));
fs.symlinkSync("../../../../etc/passwd", path.join(root, "etc/rel"));
fs.symlinkSync("/", path.join(root, "rootlink"));
fs.symlinkSync("loop2", path.join(root, "loop1"));
fs.symlinkSync("loop1", path.join(root, "loop2"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test("absolute symlinks resolve inside the root", () => {
  expect(resolveInRoot(root, "/abs")).toBe(path.join(root, "etc/passwd"));
});

test("relative symlinks with .. stop at the root", () => {
  expect(resolveInRoot(root, "/etc/rel")).toBe(path.join(root, "etc/passwd"));
  expect(resolveInRoot(root, "../../../etc/passwd")).toBe(path.join(root, "etc/passwd"));
  expect(resolveInRoot(root, "/rootlink/../../etc")).toBe(path.join(root, "etc"));
});

test("a final symlink is kept when not followed", () => {
  expect(resolveInRoot(root, "/abs", false)).toBe(path.join(root, "abs"));
});

test("missing components are kept, loops fail", () => {
  expect(resolveInRoot(root, "/rootlink/new/file")).toBe(path.join(root, "new/file"));
  expect(() => resolveInRoot(root, "/loop1")).toThrow(/too many levels/);
});
