import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { copySources, resolveSources, sourceDigest, type SourceRoot } from "./build-copy.ts";
import { parseIgnoreFile } from "./ignore-patterns.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-build-copy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tree(dir: string, files: Record<string, string>): string {
  for (const [f, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), c);
  }
  return dir;
}

describe("COPY sources", () => {
  const ctx = tree(path.join(tmp, "ctx"), { "a.txt": "a", "b.txt": "b", "c.log": "c", "d/e.txt": "e", "d/f.log": "f" });
  const root: SourceRoot = { dir: ctx, kind: "context", ignore: parseIgnoreFile("**/*.log\n") };

  test("globs per path component, ignore patterns, Podman's errors", () => {
    expect(resolveSources(root, "*.txt", "COPY").map((s) => s.name)).toEqual(["a.txt", "b.txt"]);
    expect(resolveSources(root, "d/*", "COPY").map((s) => s.name)).toEqual(["e.txt"]);
    expect(() => resolveSources(root, "c.log", "COPY c.log /")).toThrow('copier: stat: "/c.log": no such file or directory');
    expect(() => resolveSources(root, "../x", "COPY ../x /")).toThrow("possible escaping context directory error");
    expect(() => resolveSources(root, "*.none", "COPY")).toThrow("no such file or directory");
  });

  test("symlinks resolve inside the context, never on the host", () => {
    fs.symlinkSync("/", path.join(ctx, "up"));
    fs.symlinkSync("a.txt", path.join(ctx, "link.txt"));
    fs.symlinkSync("/d", path.join(ctx, "abs-d"));
    expect(() => resolveSources(root, "up/etc/passwd", "COPY")).toThrow("no such file or directory");
    expect(() => resolveSources(root, "up/etc/pass*", "COPY")).toThrow("no such file or directory");
    expect(resolveSources(root, "link.txt", "COPY")).toEqual([{ abs: path.join(ctx, "a.txt"), name: "link.txt" }]);
    expect(resolveSources(root, "abs-d/*.txt", "COPY")).toEqual([{ abs: path.join(ctx, "d/e.txt"), name: "e.txt" }]);
    for (const l of ["up", "link.txt", "abs-d"]) fs.rmSync(path.join(ctx, l));
  });

  test("the digest follows content and leaves ignored files out", () => {
    const d1 = sourceDigest(resolveSources(root, "d", "COPY"), root);
    fs.writeFileSync(path.join(ctx, "d/f.log"), "changed");
    expect(sourceDigest(resolveSources(root, "d", "COPY"), root)).toBe(d1);
    fs.writeFileSync(path.join(ctx, "d/e.txt"), "changed");
    expect(sourceDigest(resolveSources(root, "d", "COPY"), root)).not.toBe(d1);
  });

  test("copy rules: a dir's contents, files into dest/ or as dest, owner and chmod", () => {
    const rootfs = tree(path.join(tmp, "rootfs"), { "existing/keep": "k" });
    copySources(rootfs, resolveSources(root, "d", "COPY"), "/x", { owner: { uid: 1, gid: 2 }, root }, false);
    expect(fs.readdirSync(path.join(rootfs, "x"))).toEqual(["e.txt"]);
    copySources(rootfs, resolveSources(root, "a.txt", "COPY"), "/y/z.txt", { owner: { uid: 0, gid: 0 }, chmod: 0o600, root }, false);
    expect(fs.statSync(path.join(rootfs, "y/z.txt")).mode & 0o777).toBe(0o600);
    copySources(rootfs, resolveSources(root, "a.txt", "COPY"), "/existing", { owner: { uid: 0, gid: 0 }, root }, false);
    expect(fs.readdirSync(path.join(rootfs, "existing")).sort()).toEqual(["a.txt", "keep"]);
    expect(fs.statSync(path.join(rootfs, "x/e.txt")).uid).toBe(1);
  });
});
