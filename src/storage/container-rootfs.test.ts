import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LibcError, mount, umount2, MNT_DETACH } from "../util/libc.ts";
import { ContainerRootfs } from "./container-rootfs.ts";

const isRoot = process.getuid?.() === 0;
let tmp: string;
/** A store root on an overlay mount: overlay cannot use it as upper dir, so a mount there fails. */
let root: string;
let layer: string;

describe.skipIf(!isRoot)("ContainerRootfs overlay → vfs fallback (as root)", () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-rootfs-"));
    for (const d of ["l", "u", "w", "m"]) fs.mkdirSync(path.join(tmp, d));
    root = path.join(tmp, "m");
    mount("overlay", root, "overlay", 0, `lowerdir=${tmp}/l,upperdir=${tmp}/u,workdir=${tmp}/w`);
    layer = path.join(tmp, "layer");
    fs.mkdirSync(layer);
    fs.writeFileSync(path.join(layer, "hello.txt"), "hi");
  });
  afterAll(() => {
    umount2(root, MNT_DETACH);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("a configured overlay driver reports the mount failure", () => {
    const r = new ContainerRootfs(root, { driver: "overlay" });
    expect(() => r.mount("c1", [layer])).toThrow(LibcError);
    expect(r.driverOf("c1")).toBe("overlay");
  });

  test("with no driver configured the container and the store switch to vfs", () => {
    const logs: string[] = [];
    const r = new ContainerRootfs(root, { debug: (m) => logs.push(m) });
    expect(r.defaultDriver()).toBe("overlay");
    const merged = r.mount("c2", [layer]);
    expect(fs.readFileSync(path.join(merged, "hello.txt"), "utf8")).toBe("hi");
    expect(r.driverOf("c2")).toBe("vfs");
    expect(r.isMounted("c2")).toBe(true);
    expect(r.defaultDriver()).toBe("vfs");
    expect(logs.join("\n")).toContain("falling back to the vfs storage driver");
    // The next container goes straight to vfs; remove deletes everything.
    r.prepare("c3");
    expect(r.driverOf("c3")).toBe("vfs");
    // an overlay container created before the switch (no driver file) stays overlay
    fs.mkdirSync(r.dir("c0"), { recursive: true });
    r.prepare("c0");
    expect(r.driverOf("c0")).toBe("overlay");
    expect(fs.existsSync(path.join(r.dir("c0"), "driver"))).toBe(false);
    r.unmount("c2");
    expect(fs.existsSync(path.join(merged, "hello.txt"))).toBe(true);
    r.remove("c2");
    expect(fs.existsSync(r.dir("c2"))).toBe(false);
  });
});
