// Mount flags through bin/tspod: -v bind mounts and their options (ro, :O, :U, relative
// sources), --mount bind/volume/tmpfs/devpts, --volumes-from, what inspect and ps report, and
// Podman's errors for bad mounts (nothing created, nothing lost).

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "mounts" });
let BB = "";
let HOST = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  HOST = join(t.tmp, "hostdir");
  mkdirSync(HOST);
  writeFileSync(join(HOST, "f"), "host\n");
}, 120_000);

async function sh(flags: string[], script: string): Promise<string> {
  return (await t.ok(["run", "--rm", ...flags, BB, "sh", "-c", script])).out;
}

describe("bind mounts", () => {
  test("rw and ro binds; the container's writes reach the host", async () => {
    expect(await sh(["-v", `${HOST}:/h`], "cat /h/f; echo from-ctr > /h/out")).toBe("host");
    expect(readFileSync(join(HOST, "out"), "utf8")).toBe("from-ctr\n");
    const ro = await t.tspod(["run", "--rm", "-v", `${HOST}:/h:ro`, BB, "sh", "-c", "echo x > /h/f"]);
    expect(ro.code).not.toBe(0);
    expect(ro.stderr).toContain("Read-only file system");
    expect(readFileSync(join(HOST, "f"), "utf8")).toBe("host\n");
    // a relative source is taken from the current directory (tests run tspod in t.tmp)
    expect(await sh(["-v", "./hostdir:/rel:ro"], "cat /rel/f")).toBe("host");
    expect(await sh(["--mount", `type=bind,source=${HOST},target=/m,readonly`], "cat /m/f; grep ' /m ' /proc/mounts | grep -c ' ro,'")).toBe("host\n1");
    expect(await sh(["-v", `${HOST}:/h:noexec,nosuid`], "grep ' /h ' /proc/mounts | grep -c noexec")).toBe("1");
  }, 60_000);

  test(":O gives an overlay whose changes are discarded", async () => {
    expect(await sh(["-v", `${HOST}:/o:O`], "echo changed > /o/f; echo new > /o/new; rm /o/out; cat /o/f; ls /o | sort")).toBe("changed\nf\nnew");
    expect(readFileSync(join(HOST, "f"), "utf8")).toBe("host\n");
    expect(existsSync(join(HOST, "new"))).toBe(false);
    expect(existsSync(join(HOST, "out"))).toBe(true);
  }, 60_000);

  test(":U chowns the source to the container's user", async () => {
    const dir = join(t.tmp, "chowned");
    mkdirSync(dir);
    writeFileSync(join(dir, "a"), "a");
    expect(await sh(["-u", "1234:5678", "-v", `${dir}:/u:U`], "stat -c '%u:%g' /u /u/a; touch /u/b && echo ok")).toBe("1234:5678\n1234:5678\nok");
    expect(statSync(join(dir, "a")).uid).toBe(1234);
  }, 60_000);
});

describe("--mount, --tmpfs and --volumes-from", () => {
  test("tmpfs and devpts mounts, volume mounts", async () => {
    expect(await sh(["--mount", "type=tmpfs,destination=/tt,tmpfs-size=1m,tmpfs-mode=1770"], "stat -c %a /tt; df -k /tt | tail -1 | awk '{print $2}'")).toBe("1770\n1024");
    expect(await sh(["--mount", "type=devpts,destination=/dev/pts2"], "grep -c ' /dev/pts2 devpts' /proc/mounts")).toBe("1");
    await sh(["--mount", "type=volume,source=mv1,destination=/data"], "echo v > /data/v");
    expect(await sh(["--mount", "type=volume,src=mv1,dst=/data,ro=true"], "cat /data/v; touch /data/x 2>/dev/null || echo ro")).toBe("v\nro");
  }, 60_000);

  test("an image mount shows the image's files, read-only unless rw=true, changes discarded", async () => {
    expect(await sh(["--mount", `type=image,source=${BB},destination=/img`], "ls /img/bin/busybox; touch /img/x 2>/dev/null || echo ro")).toBe("/img/bin/busybox\nro");
    expect(await sh(["--mount", `type=image,source=${BB},destination=/img,rw=true`], "echo w > /img/etc/new && cat /img/etc/new")).toBe("w");
    expect(await sh(["--mount", `type=image,source=${BB},destination=/img`], "ls /img/etc/new 2>/dev/null || echo gone")).toBe("gone");
    // an image mounted by a container is in use: rmi refuses it (Podman's exit 2)
    await t.ok(["pull", "-q", "--tls-verify=false", t.img("layered")]);
    await t.ok(["create", "--name", "img-user", "--mount", `type=image,source=${t.img("layered")},destination=/img`, BB, "true"]);
    const rmi = await t.tspod(["rmi", t.img("layered")]);
    expect(rmi.code).toBe(2);
    expect(rmi.stderr).toContain("image used by");
    await t.ok(["start", "img-user"]);
    await t.ok(["rm", "img-user"]);
    await t.ok(["rmi", t.img("layered")]);
    const r = await t.tspod(["run", "--rm", "--mount", "type=image,source=no-such-image,destination=/img", BB, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr.trim()).toBe("Error: no-such-image: image not known");
  }, 60_000);

  test("--volumes-from shares another container's volumes and binds, :ro makes them read-only", async () => {
    await t.ok(["create", "--name", "vf-src", "-v", "vfv:/vol", "-v", `${HOST}:/h`, BB, "true"]);
    expect(await sh(["--volumes-from", "vf-src"], "echo shared > /vol/s; cat /h/f")).toBe("host");
    expect(await sh(["--volumes-from", "vf-src:ro"], "cat /vol/s; touch /vol/x 2>/dev/null || echo ro")).toBe("shared\nro");
    const missing = await t.tspod(["run", "--rm", "--volumes-from", "nope", BB, "true"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain('no container with name or ID "nope" found');
    await t.ok(["rm", "vf-src"]);
  }, 60_000);
});

describe("inspect and ps", () => {
  test("Mounts and HostConfig.Binds in Podman's shape; ps --filter volume=", async () => {
    await t.ok(["create", "--name", "insp", "-v", "iv:/data", "-v", `${HOST}:/t:ro,z`, "--mount", "type=tmpfs,dst=/tm", BB, "true"]);
    const c = parseJson<any[]>((await t.ok(["inspect", "insp"])).stdout)[0];
    expect(c.Mounts).toEqual([
      { Type: "volume", Name: "iv", Source: join(t.root, "volumes/iv/_data"), Destination: "/data", Driver: "local", Mode: "", Options: ["nosuid", "nodev", "rbind"], RW: true, Propagation: "rprivate" },
      { Type: "bind", Source: HOST, Destination: "/t", Driver: "", Mode: "z", Options: ["rbind"], RW: false, Propagation: "rprivate" },
    ]);
    expect(c.HostConfig.Binds).toEqual(["iv:/data:rw,rprivate,nosuid,nodev,rbind", `${HOST}:/t:ro,z,rprivate,rbind`]);
    expect((await t.ok(["ps", "-a", "--filter", "volume=iv", "--format", "{{.Names}}"])).out).toBe("insp");
    expect((await t.ok(["ps", "-a", "--filter", "volume=/data", "--format", "{{.Names}}"])).out).toBe("insp");
    expect((await t.ok(["ps", "-a", "--filter", "volume=other", "--format", "{{.Names}}"])).out).toBe("");
    await t.ok(["rm", "insp"]);
  }, 60_000);
});

describe("bad mounts", () => {
  const cases: [string, string[], string][] = [
    ["missing bind source", ["-v", "/nonexistent-tspod:/x"], "Error: statfs /nonexistent-tspod: no such file or directory"],
    ["duplicate destination", ["-v", "bm1:/x", "-v", "bm2:/x"], "Error: /x: duplicate mount destination"],
    ["tmpfs over a volume", ["--tmpfs", "/x", "-v", "bm1:/x"], "Error: /x: duplicate mount destination"],
    ["relative destination", ["-v", "bm1:rel"], 'Error: invalid container path "rel", must be an absolute path'],
    ["bad volume name", ["-v", "a/b:/x"], 'Error: creating named volume "a/b": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument'],
    ["unknown option", ["-v", "bm1:/x:bogus"], 'Error: invalid option type "bogus"'],
    ["ro and rw", ["-v", "bm1:/x:ro,rw"], `Error: invalid options "ro, rw", can only specify 1 'rw' or 'ro' option`],
    ["unknown --mount type", ["--mount", "type=foo,dst=/x"], 'Error: invalid filesystem type "foo"'],
    ["--mount without destination", ["--mount", "type=volume,src=bm1"], "Error: must set volume destination"],
    ["over /proc", ["-v", "bm1:/proc"], 'Error: invalid mount destination "/proc": cannot mount over /proc'],
    ["over /proc/sys", ["-v", `${"/tmp"}:/proc/sys`], 'Error: invalid mount destination "/proc/sys": cannot mount over /proc'],
    ["bad --image-volume", ["--image-volume", "copy"], 'Error: invalid image volume mode "copy": must be one of bind, tmpfs, ignore'],
  ];
  for (const [what, flags, message] of cases) {
    test(what, async () => {
      const r = await t.tspod(["run", "--rm", ...flags, BB, "true"]);
      expect(r.code).toBe(125);
      expect(r.stderr.trim()).toBe(message);
    }, 30_000);
  }

  test("failed runs create no volume and no container", async () => {
    expect((await t.ok(["volume", "ls", "-q"])).out.split("\n").filter((n) => n.startsWith("bm"))).toEqual([]);
    expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
    expect(readdirSync(HOST).sort()).toEqual(["f", "out"]);
  });

  test("`..` in a destination cannot climb out of the container", async () => {
    expect(await sh(["-v", `${HOST}:/a/../../b`], "cat /b/f")).toBe("host");
  }, 30_000);
});
