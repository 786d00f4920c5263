// The vfs storage driver: `--storage-driver vfs` and storage.conf's driver, through bin/tspod.

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mountsUnder, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "vfs" });
let LAYERED = "";
let BB = "";
const VFS = ["--storage-driver", "vfs"];

beforeAll(async () => {
  LAYERED = t.img("layered");
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", LAYERED]);
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** mountinfo lines of overlay mounts whose mount point or options mention `id` */
function overlayMountsOf(id: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.includes(id) && / - overlay /.test(l));
}

describe("--storage-driver vfs", () => {
  test("run --rm sees the flattened layers with whiteouts applied", async () => {
    const r = await t.ok([...VFS, "run", "--rm", "--entrypoint", "cat", LAYERED, "/hello.txt"]);
    expect(r.stdout).toBe("hello from layer 2\n");
    const vi = await t.tspod([...VFS, "run", "--rm", "--entrypoint", "ls", LAYERED, "/bin/vi"]);
    expect(vi.code).not.toBe(0);
    // busybox itself (lower layer) is there, and vi is there in the plain busybox image.
    expect((await t.ok([...VFS, "run", "--rm", BB, "ls", "/bin/vi"])).out).toBe("/bin/vi");
  });

  test("run -d: writes visible via exec and logs, inspect shows vfs, no overlay mount, rm deletes the copy", async () => {
    const id = (await t.ok([...VFS, "run", "-d", "--entrypoint", "sh", LAYERED, "-c", "echo written > /tmp/f; cat /tmp/f; sleep 1000"])).out;
    expect(await waitFor(async () => (await t.ok(["logs", id])).stdout === "written\n", 15_000)).toBe(true);
    // Later commands without the flag keep the container's driver.
    expect((await t.ok(["exec", id, "cat", "/tmp/f"])).stdout).toBe("written\n");
    const merged = join(t.root, "containers", id, "merged");
    expect(readFileSync(join(merged, "tmp/f"), "utf8")).toBe("written\n");
    expect(existsSync(join(merged, "bin/vi"))).toBe(false);
    const [info] = parseJson<any[]>((await t.ok(["inspect", id])).stdout);
    expect(info.GraphDriver.Name).toBe("vfs");
    expect(info.Driver).toBe("vfs");
    expect((await t.ok(["inspect", "--format", "{{.GraphDriver.Name}}", id])).out).toBe("vfs");
    expect(overlayMountsOf(id)).toEqual([]);
    expect(mountsUnder(join(t.root, "containers", id))).toEqual([]);
    await t.ok(["rm", "-f", "-t", "0", id]);
    expect(existsSync(join(t.root, "containers", id))).toBe(false);
  });

  test("stop/start keeps the container's own writes (no re-copy)", async () => {
    const id = (await t.ok([...VFS, "create", BB, "sh", "-c", "echo x >> /count; wc -l < /count"])).out;
    await t.ok(["start", "-a", id]);
    const r = await t.ok(["start", "-a", id]);
    expect(r.out.trim()).toBe("2");
    await t.ok(["rm", id]);
  });

  test("info reports the driver", async () => {
    expect((await t.ok([...VFS, "info", "--format", "{{.Store.GraphDriverName}}"])).out).toBe("vfs");
    expect((await t.ok(["info", "--format", "{{.Store.GraphDriverName}}"])).out).toBe("overlay");
  });

  test("an overlay container next to vfs ones still uses overlay", async () => {
    const id = (await t.ok(["run", "-d", BB, "sleep", "1000"])).out;
    expect((await t.ok(["inspect", "--format", "{{.GraphDriver.Name}}", id])).out).toBe("overlay");
    expect(overlayMountsOf(id).length).toBe(1);
    await t.ok(["rm", "-f", "-t", "0", id]);
    expect(overlayMountsOf(id)).toEqual([]);
  });

  test("an unknown driver is refused", async () => {
    const r = await t.tspod(["--storage-driver", "zfs", "ps"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('unsupported storage driver "zfs"');
  });
});

describe("storage.conf driver", () => {
  test('CONTAINERS_STORAGE_CONF with driver = "vfs" selects vfs', async () => {
    const conf = join(t.tmp, "storage.conf");
    writeFileSync(conf, '[storage]\ndriver = "vfs"\n');
    const env = { CONTAINERS_STORAGE_CONF: conf };
    expect((await t.ok(["info", "--format", "{{.Store.GraphDriverName}}"], { env })).out).toBe("vfs");
    const id = (await t.ok(["create", LAYERED], { env })).out;
    expect((await t.ok(["start", "-a", id], { env })).stdout).toBe("hello from layer 2\n");
    expect((await t.ok(["inspect", "--format", "{{.GraphDriver.Name}}", id])).out).toBe("vfs");
    // The flag wins over the file.
    expect((await t.ok(["--storage-driver", "overlay", "info", "--format", "{{.Store.GraphDriverName}}"], { env })).out).toBe("overlay");
    await t.ok(["rm", id]);
  });
});

describe("vfs limits", () => {
  test("diff and layered commit refuse clearly; commit --squash works", async () => {
    const id = (await t.ok([...VFS, "create", BB, "sh", "-c", "echo c > /committed"])).out;
    await t.ok(["start", "-a", id]);
    const d = await t.tspod(["diff", id]);
    expect(d.code).toBe(125);
    expect(d.stderr).toContain("vfs storage driver");
    const c = await t.tspod(["commit", id, "vfs-commit:1"]);
    expect(c.code).toBe(125);
    expect(c.stderr).toContain("--squash");
    await t.ok(["commit", "--squash", id, "vfs-commit:2"]);
    expect((await t.ok(["run", "--rm", "vfs-commit:2", "cat", "/committed"])).stdout).toBe("c\n");
    await t.ok(["rm", id]);
    await t.ok(["rmi", "vfs-commit:2"]);
  });
});
