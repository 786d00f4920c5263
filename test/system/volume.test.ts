// Named and anonymous volumes through bin/tspod: the volume commands, data that outlives its
// containers (and a restart), copy-up and ownership as the container sees them, volumes in use,
// tmpfs-backed volumes, export/import, and concurrent creators.

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, mountsUnder, parseJson, systemSetup, TSPOD } from "./harness.ts";
import { buildTar } from "../../src/util/tar-writer.ts";

const t = systemSetup({ name: "volume" });
let BB = "";
/** An image whose /own (VOLUME) is owned by 1000:1000, mode 0750, holding `seed`. */
const OWNED = "localhost/owned-volume:latest";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  await t.ok(["run", "--name", "mk-owned", BB, "sh", "-c", "mkdir /own && echo seed > /own/seed && chown -R 1000:1000 /own && chmod 750 /own"]);
  await t.ok(["commit", "-q", "--change", "VOLUME /own", "mk-owned", OWNED]);
  await t.ok(["rm", "mk-owned"]);
}, 180_000);

async function sh(flags: string[], script: string, image = BB): Promise<string> {
  return (await t.ok(["run", "--rm", ...flags, image, "sh", "-c", script])).out;
}

async function volumeNames(): Promise<string[]> {
  return (await t.ok(["volume", "ls", "-q"])).out.split("\n").filter(Boolean);
}

describe("volume commands", () => {
  test("create, ls, inspect, exists, rm", async () => {
    expect((await t.ok(["volume", "create", "--label", "team=a", "--label", "tier", "vc1"])).out).toBe("vc1");
    expect((await t.ok(["volume", "create"])).out).toMatch(HEX64);
    const insp = parseJson<any[]>((await t.ok(["volume", "inspect", "vc1"])).stdout);
    expect(insp).toHaveLength(1);
    expect(Object.keys(insp[0])).toEqual(["Name", "Driver", "Mountpoint", "CreatedAt", "Labels", "Scope", "Options", "MountCount", "NeedsCopyUp", "NeedsChown"]);
    expect(insp[0]).toMatchObject({ Name: "vc1", Driver: "local", Mountpoint: join(t.root, "volumes/vc1/_data"), Labels: { team: "a", tier: "" }, Scope: "local", Options: {}, MountCount: 0 });
    expect(insp[0].CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect(statSync(insp[0].Mountpoint).isDirectory()).toBe(true);
    expect((await t.ok(["volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Scope}}", "vc1"])).out).toBe("vc1 local local");
    expect((await t.ok(["volume", "inspect", "vc1"])).stdout).toStartWith("[\n     {\n          \"Name\": \"vc1\",");
    expect((await t.ok(["inspect", "--format", "{{.Mountpoint}}", "vc1"])).out).toBe(insp[0].Mountpoint);
    expect((await t.ok(["inspect", "--type", "volume", "--format", "{{.Name}}", "vc1"])).out).toBe("vc1");

    const ls = await t.ok(["volume", "ls"]);
    expect(ls.stdout.split("\n")[0]).toMatch(/^DRIVER\s+VOLUME NAME$/);
    expect(ls.stdout).toMatch(/\nlocal\s+vc1\n/);
    expect(await volumeNames()).toContain("vc1");
    expect((await t.ok(["volume", "ls", "--filter", "label=team=a", "-q"])).out).toBe("vc1");
    expect((await t.ok(["volume", "ls", "--filter", "name=vc1", "--format", "{{.Name}}:{{.Driver}}"])).out).toBe("vc1:local");
    const json = parseJson<any[]>((await t.ok(["volume", "ls", "--format", "json", "--filter", "label=tier"])).stdout);
    expect(json.map((v) => v.Name)).toEqual(["vc1"]);
    const bad = await t.tspod(["volume", "ls", "--filter", "color=red"]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("color is an invalid volume filter");

    expect((await t.tspod(["volume", "exists", "vc1"])).code).toBe(0);
    expect((await t.tspod(["volume", "exists", "nope"])).code).toBe(1);

    const dup = await t.tspod(["volume", "create", "vc1"]);
    expect(dup.code).toBe(125);
    expect(dup.stderr.trim()).toBe("Error: volume with name vc1 already exists: volume already exists");
    expect((await t.ok(["volume", "create", "--ignore", "vc1"])).out).toBe("vc1");
    expect(parseJson<any[]>((await t.ok(["volume", "inspect", "vc1"])).stdout)[0].Labels).toEqual({ team: "a", tier: "" });

    const badName = await t.tspod(["volume", "create", "../escape"]);
    expect(badName.code).toBe(125);
    expect(badName.stderr).toContain("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
    expect(existsSync(join(t.root, "escape"))).toBe(false);
    const badOpt = await t.tspod(["volume", "create", "-o", "colour=blue", "vbad"]);
    expect(badOpt.code).toBe(125);
    expect(badOpt.stderr).toContain("invalid mount option colour for driver 'local'");

    const missing = await t.tspod(["volume", "inspect", "nope"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr.trim()).toBe("Error: inspecting object: no such volume nope");
    const rmMissing = await t.tspod(["volume", "rm", "nope"]);
    expect(rmMissing.code).toBe(1);
    expect(rmMissing.stderr.trim()).toBe('Error: no volume with name "nope" found: no such volume');
    expect((await t.tspod(["volume", "rm", "-f", "nope"])).code).toBe(0);

    expect((await t.ok(["volume", "rm", "vc1"])).out).toBe("vc1");
    expect(existsSync(join(t.root, "volumes/vc1"))).toBe(false);
    expect(await volumeNames()).not.toContain("vc1");
  }, 60_000);

  test("prune removes unused volumes only, honouring --filter", async () => {
    await t.ok(["volume", "create", "--label", "prune=yes", "pr1"]);
    await t.ok(["volume", "create", "pr2"]);
    await t.ok(["volume", "create", "--label", "prune=yes", "pr-used"]);
    await t.ok(["create", "--name", "pr-user", "-v", "pr-used:/d", BB, "true"]);
    const r = await t.ok(["volume", "prune", "-f", "--filter", "label=prune=yes"]);
    expect(r.out.split("\n")).toEqual(["pr1"]);
    const names = await volumeNames();
    expect(names).toContain("pr2");
    expect(names).toContain("pr-used");
    expect((await t.ok(["volume", "ls", "-q", "--filter", "dangling=false"])).out.split("\n")).toContain("pr-used");
    expect((await t.ok(["volume", "ls", "-q", "--filter", "dangling=true"])).out.split("\n")).not.toContain("pr-used");
    await t.ok(["rm", "pr-user"]);
    await t.ok(["volume", "rm", "pr2", "pr-used"]);
  }, 60_000);
});

describe("data in volumes", () => {
  test("written in one container, read in another, after the writer is gone and after a restart", async () => {
    await sh(["-v", "shared:/data"], "echo from-first > /data/msg && mkdir /data/sub && echo deep > /data/sub/f");
    expect(await volumeNames()).toContain("shared");
    expect(await sh(["-v", "shared:/mnt/x:ro"], "cat /mnt/x/msg /mnt/x/sub/f")).toBe("from-first\ndeep");
    const ro = await t.tspod(["run", "--rm", "-v", "shared:/data:ro", BB, "touch", "/data/nope"]);
    expect(ro.code).not.toBe(0);
    expect(ro.stderr).toContain("Read-only file system");

    await t.ok(["run", "-d", "--name", "vol-restart", "-v", "shared:/data", BB, "sh", "-c", "echo run >> /data/log; sleep 300"]);
    await t.ok(["restart", "-t", "0", "vol-restart"]);
    const log = await t.ok(["exec", "vol-restart", "cat", "/data/log"]);
    expect(log.out).toBe("run\nrun");
    await t.ok(["rm", "-f", "-t", "0", "vol-restart"]);
    expect(readFileSync(join(t.root, "volumes/shared/_data/msg"), "utf8")).toBe("from-first\n");
  }, 90_000);

  test("a new volume gets the image's files, owner and mode (copy-up); nocopy and used volumes do not", async () => {
    expect(await sh(["-v", "cu1:/own"], "stat -c '%u:%g %a' /own; cat /own/seed; stat -c '%u:%g' /own/seed", OWNED)).toBe("1000:1000 750\nseed\n1000:1000");
    // the volume's content is its own now: a second container sees changes, not a fresh copy
    await sh(["-v", "cu1:/own"], "rm /own/seed; echo mine > /own/mine", OWNED);
    expect(await sh(["-v", "cu1:/own"], "ls /own", OWNED)).toBe("mine");
    expect(await sh(["-v", "cu2:/own:nocopy"], "ls -A /own | wc -l; stat -c '%u:%g' /own", OWNED)).toBe("0\n1000:1000");
    // a path the image lacks: the volume belongs to the container's user
    expect(await sh(["-u", "1000:1000", "-v", "cu3:/fresh"], "stat -c '%u:%g' /fresh; touch /fresh/ok && echo writable")).toBe("1000:1000\nwritable");
    // an existing volume with data is never overwritten by copy-up
    await t.ok(["volume", "create", "cu4"]);
    writeFileSync(join(t.root, "volumes/cu4/_data/keep"), "kept\n");
    await t.ok(["volume", "create", "cu5"]);
    expect(await sh(["-v", "cu4:/own"], "ls /own; cat /own/keep", OWNED)).toBe("keep\nkept");
    await t.ok(["volume", "rm", "cu1", "cu2", "cu3", "cu4", "cu5"]);
  }, 90_000);
});

describe("volumes in use and anonymous volumes", () => {
  test("rm refuses a volume in use (exit 2) and keeps its data; rm -f removes the container too", async () => {
    await sh(["-v", "busy:/d"], "echo precious > /d/p");
    const id = (await t.ok(["create", "--name", "busy-user", "-v", "busy:/d", BB, "true"])).out;
    const r = await t.tspod(["volume", "rm", "busy"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: volume busy is being used by the following container(s): ${id}: volume is being used`);
    expect(readFileSync(join(t.root, "volumes/busy/_data/p"), "utf8")).toBe("precious\n");
    expect((await t.ok(["volume", "prune", "-f"])).out.split("\n")).not.toContain("busy");
    expect((await t.ok(["ps", "-a", "--filter", "volume=busy", "--format", "{{.Names}}"])).out).toBe("busy-user");
    expect((await t.ok(["volume", "rm", "-f", "busy"])).out).toBe("busy");
    expect((await t.tspod(["container", "exists", "busy-user"])).code).toBe(1);
    expect(existsSync(join(t.root, "volumes/busy"))).toBe(false);
  }, 60_000);

  test("anonymous volumes (-v /path, image VOLUME) go with rm -v and --rm, named ones stay", async () => {
    const before = new Set(await volumeNames());
    const created = async () => (await volumeNames()).filter((n) => !before.has(n));
    await t.ok(["create", "--name", "anon1", "-v", "/scratch", "-v", "keepme:/k", BB, "true"]);
    const anon = await created();
    expect(anon.filter((n) => HEX64.test(n))).toHaveLength(1);
    const mounts = parseJson<any[]>((await t.ok(["inspect", "anon1"])).stdout)[0].Mounts;
    expect(mounts.map((m: any) => [m.Type, m.Destination])).toEqual([["volume", "/scratch"], ["volume", "/k"]]);
    expect(mounts[0].Name).toMatch(HEX64);
    expect(mounts[1].Name).toBe("keepme");
    await t.ok(["rm", "-v", "anon1"]);
    expect(await created()).toEqual(["keepme"]);

    await t.ok(["create", "--name", "anon2", "-v", "/scratch", BB, "true"]);
    await t.ok(["rm", "anon2"]);
    const kept = (await created()).filter((n) => HEX64.test(n));
    expect(kept).toHaveLength(1);
    await t.ok(["volume", "rm", kept[0]!]);

    // the image's VOLUME gets an anonymous volume; --rm takes it away with the container
    expect(await sh([], "cat /own/seed", OWNED)).toBe("seed");
    expect(await sh(["--image-volume", "tmpfs"], "grep ' /own ' /proc/mounts | cut -d' ' -f3", OWNED)).toBe("tmpfs");
    expect(await sh(["--image-volume", "ignore"], "cat /own/seed; grep -c ' /own ' /proc/mounts || true", OWNED)).toBe("seed\n0");
    expect(await created()).toEqual(["keepme"]);
    await t.ok(["volume", "rm", "keepme"]);
  }, 90_000);
});

describe("tmpfs volumes, export and import", () => {
  test("a -o type=tmpfs volume is one filesystem while mounted, shared by its users", async () => {
    await t.ok(["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m,nodev", "tv"]);
    const opts = parseJson<any[]>((await t.ok(["volume", "inspect", "tv"])).stdout)[0].Options;
    expect(opts).toEqual({ type: "tmpfs", device: "tmpfs", o: "size=2m,nodev" });
    await t.ok(["run", "-d", "--name", "tv-holder", "-v", "tv:/d", BB, "sh", "-c", "echo a > /d/a; sleep 300"]);
    const mp = join(t.root, "volumes/tv/_data");
    expect(mountsUnder(mp)).toEqual([mp]);
    expect(await sh(["-v", "tv:/d"], "cat /d/a; df -k /d | tail -1 | awk '{print $2}'")).toBe("a\n2048");
    expect((await t.ok(["volume", "mount", "tv"])).out).toBe(mp);
    expect((await t.ok(["volume", "inspect", "--format", "{{.MountCount}}", "tv"])).out).toBe("2");
    await t.ok(["rm", "-f", "-t", "0", "tv-holder"]);
    expect(mountsUnder(mp)).toEqual([mp]);
    await t.ok(["volume", "unmount", "tv"]);
    expect(mountsUnder(mp)).toEqual([]);
    await t.ok(["volume", "rm", "tv"]);
  }, 60_000);

  test("export and import round-trip through a file and stdin; a hostile archive is refused", async () => {
    await sh(["-v", "exp:/d"], "echo one > /d/one && mkdir /d/dir && echo two > /d/dir/two && chown 1000:1000 /d/dir/two");
    const tar = join(t.tmp, "exp.tar");
    await t.ok(["volume", "export", "exp", "-o", tar]);
    await t.ok(["volume", "create", "imp1"]);
    await t.ok(["volume", "import", "imp1", tar]);
    expect(await sh(["-v", "imp1:/d"], "cat /d/one /d/dir/two; stat -c '%u' /d/dir/two")).toBe("one\ntwo\n1000");
    await t.ok(["volume", "create", "imp2"]);
    const proc = Bun.spawn({ cmd: [TSPOD, "--root", t.root, "--runroot", t.runroot, "volume", "import", "imp2", "-"], stdin: Bun.file(tar), stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(0);
    expect(readFileSync(join(t.root, "volumes/imp2/_data/dir/two"), "utf8")).toBe("two\n");
    const piped = await t.tspod(["volume", "export", "imp2"]);
    expect(piped.code).toBe(0);

    writeFileSync(join(t.root, "volumes/imp2/_data/keep"), "safe\n");
    const evil = join(t.tmp, "evil.tar");
    writeFileSync(evil, buildTar([{ name: "../../escaped", type: "file", mode: 0o644, data: new TextEncoder().encode("x") }]));
    const r = await t.tspod(["volume", "import", "imp2", evil]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('".."');
    expect(existsSync(join(t.root, "escaped"))).toBe(false);
    expect(existsSync(join(t.root, "volumes/escaped"))).toBe(false);
    expect(readFileSync(join(t.root, "volumes/imp2/_data/keep"), "utf8")).toBe("safe\n");
    const none = await t.tspod(["volume", "import", "nope", tar]);
    expect(none.code).toBe(125);
    await t.ok(["volume", "rm", "exp", "imp1", "imp2"]);
  }, 60_000);
});

describe("concurrency", () => {
  test("racing creators of one name: one wins, the rest fail cleanly; racing implicit creates all work", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => t.tspod(["volume", "create", "race"])));
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of results.filter((r) => r.code !== 0)) expect(r.stderr).toContain("already exists");

    const runs = await Promise.all(
      Array.from({ length: 4 }, (_, i) => t.tspod(["run", "--rm", "-v", "race2:/d", BB, "sh", "-c", `echo ${i} > /d/f${i}`])),
    );
    for (const r of runs) expect(r.code).toBe(0);
    expect((await sh(["-v", "race2:/d"], "ls /d | sort")).split("\n")).toEqual(["f0", "f1", "f2", "f3"]);

    // prune racing with creates never takes a volume a container was created with
    const [, ...creates] = await Promise.all([
      t.tspod(["volume", "prune", "-f"]),
      ...Array.from({ length: 3 }, (_, i) => t.tspod(["create", "--name", `pr-race${i}`, "-v", `prv${i}:/d`, BB, "true"])),
    ]);
    for (const c of creates) expect(c.code).toBe(0);
    for (let i = 0; i < 3; i++) expect((await t.tspod(["volume", "exists", `prv${i}`])).code).toBe(0);
    await t.ok(["rm", "pr-race0", "pr-race1", "pr-race2"]);
    await t.ok(["volume", "prune", "-f"]);
    expect(await volumeNames()).toEqual([]);
  }, 120_000);
});
