// exec, top, stats, diff, cp, export, commit, mount with real conmon + runc containers.

import { beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { parseJson, systemSetup, TSPOD } from "./harness.ts";

const t = systemSetup({ name: "inspect-exec" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  await t.ok(["run", "-d", "--name", "ie1", BB, "sleep", "1000"]);
}, 120_000);

describe("exec", () => {
  test("passes the exit code through", async () => {
    expect((await t.tspod(["exec", "ie1", "sh", "-c", "exit 5"])).code).toBe(5);
    const r = await t.ok(["exec", "ie1", "echo", "hi"]);
    expect(r.stdout).toBe("hi\n");
  });

  test("missing command is 127, missing container and stopped container 125", async () => {
    const nf = await t.tspod(["exec", "ie1", "nosuchcmd"]);
    expect(nf.code).toBe(127);
    expect(nf.stderr).toContain("executable file not found");
    expect((await t.tspod(["exec", "nosuchctr", "true"])).code).toBe(125);
    await t.ok(["create", "--name", "ie-created", BB]);
    const st = await t.tspod(["exec", "ie-created", "true"]);
    expect(st.code).toBe(125);
    expect(st.stderr).toContain("can only create exec sessions on running containers: container state improper");
  });

  test("-e, --env-file, -w and -u take effect", async () => {
    const envFile = join(t.tmp, "exec.env");
    writeFileSync(envFile, "# comment\nFROMFILE=yes\n");
    const r = await t.ok(["exec", "-e", "A=b", "--env-file", envFile, "-w", "/tmp", "-u", "nobody", "ie1", "sh", "-c", "echo $A $FROMFILE $(pwd) $(id -u)"]);
    expect(r.out).toBe("b yes /tmp 65534");
  });

  test("-i passes stdin", async () => {
    const r = await t.ok(["exec", "-i", "ie1", "cat"], { stdin: "from stdin\n" });
    expect(r.stdout).toBe("from stdin\n");
  });

  test("-t gives the process a terminal", () => {
    const cmd = `${TSPOD} --root ${t.root} --runroot ${t.runroot} exec -it ie1 tty`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", timeout: 30_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.status).toBe(0);
  });

  test("-d returns a session id listed in ExecIDs while it runs", async () => {
    const r = await t.ok(["exec", "-d", "ie1", "sleep", "30"]);
    expect(r.out).toMatch(/^[0-9a-f]{64}$/);
    const ids = parseJson<any[]>((await t.ok(["inspect", "ie1"])).stdout)[0].ExecIDs;
    expect(ids).toContain(r.out);
    await t.ok(["exec", "ie1", "pkill", "-f", "sleep 30"]).catch(() => undefined);
  });
});

describe("top and stats", () => {
  test("top lists the container's processes with descriptors", async () => {
    const r = await t.ok(["top", "ie1"]);
    expect(r.stdout.split("\n")[0]).toMatch(/^USER\s+PID\s+PPID\s+%CPU\s+ELAPSED\s+TTY\s+TIME\s+COMMAND/);
    expect(r.stdout).toMatch(/root\s+1\s+0\s.*sleep 1000/);
    const d = await t.ok(["top", "ie1", "pid", "comm"]);
    expect(d.stdout).toMatch(/^PID\s+COMMAND\n1\s+sleep\n/);
    expect((await t.tspod(["top", "ie1", "bogus"])).code).toBe(125);
  });

  test("stats --no-stream reads the cgroup", async () => {
    const r = await t.ok(["stats", "--no-stream", "--format", "json", "ie1"]);
    const [s] = parseJson<any[]>(r.stdout);
    expect(s.Name).toBe("ie1");
    expect(s.PIDs).toBeGreaterThanOrEqual(1);
    expect(s.MemUsage).toBeGreaterThan(0);
    const table = await t.ok(["stats", "--no-stream", "ie1"]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT/);
  });

  test("port prints nothing for a container without mappings", async () => {
    const r = await t.ok(["port", "ie1"]);
    expect(r.stdout).toBe("");
  });
});

describe("diff, cp, export, commit", () => {
  test("diff shows added, changed and deleted files", async () => {
    await t.ok(["exec", "ie1", "sh", "-c", "echo new > /new.txt; rm /etc/group"]);
    const r = await t.ok(["diff", "ie1"]);
    expect(r.stdout).toContain("A /new.txt\n");
    expect(r.stdout).toContain("D /etc/group\n");
    expect(r.stdout).toContain("C /etc\n");
    const j = parseJson<any>((await t.ok(["diff", "--format", "json", "ie1"])).stdout);
    expect(j.deleted).toContain("/etc/group");
  });

  test("cp host→container and back, directories with /.", async () => {
    const dir = join(t.tmp, "cpsrc");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub/a.txt"), "A\n");
    await t.ok(["cp", join(dir, "sub/a.txt"), "ie1:/tmp/"]);
    expect((await t.ok(["exec", "ie1", "cat", "/tmp/a.txt"])).stdout).toBe("A\n");
    await t.ok(["cp", dir, "ie1:/tmp/copied"]);
    expect((await t.ok(["exec", "ie1", "cat", "/tmp/copied/sub/a.txt"])).stdout).toBe("A\n");
    await t.ok(["cp", `${dir}/.`, "ie1:/tmp"]);
    expect((await t.ok(["exec", "ie1", "cat", "/tmp/sub/a.txt"])).stdout).toBe("A\n");
    const out = join(t.tmp, "cpout");
    mkdirSync(out);
    await t.ok(["cp", "ie1:/tmp/copied", out]);
    expect(readFileSync(join(out, "copied/sub/a.txt"), "utf8")).toBe("A\n");
    // a stopped container too
    await t.ok(["cp", join(dir, "sub/a.txt"), "ie-created:/a.txt"]);
    await t.ok(["cp", "ie-created:/a.txt", join(out, "from-created.txt")]);
    expect(readFileSync(join(out, "from-created.txt"), "utf8")).toBe("A\n");
    expect((await t.tspod(["cp", "ie1:/nonexistent", out])).code).toBe(125);
  });

  test("cp reaches what a running container sees: volumes, tmpfs, /etc/hostname", async () => {
    const id = (await t.ok(["run", "-d", "-v", "ievol:/data", "--tmpfs", "/scratch", BB, "sleep", "120"])).out;
    const src = join(t.tmp, "cpmount.txt");
    writeFileSync(src, "M\n");
    await t.ok(["cp", src, `${id}:/data/`]);
    await t.ok(["cp", src, `${id}:/scratch/s.txt`]);
    expect((await t.ok(["exec", id, "cat", "/data/cpmount.txt", "/scratch/s.txt"])).stdout).toBe("M\nM\n");
    const out = join(t.tmp, "cpmount-out");
    mkdirSync(out);
    await t.ok(["cp", `${id}:/etc/hostname`, out]);
    expect(readFileSync(join(out, "hostname"), "utf8")).toBe(`${id.slice(0, 12)}\n`);
    await t.ok(["rm", "-f", "-t", "0", id]);
    // the file went into the volume, not under it
    expect((await t.ok(["run", "--rm", "-v", "ievol:/data", BB, "cat", "/data/cpmount.txt"])).stdout).toBe("M\n");
    await t.ok(["volume", "rm", "ievol"]);
  });

  test("cp resolves symlinks inside the container, never on the host", async () => {
    const victim = join(t.tmp, "victim.txt");
    writeFileSync(victim, "host file\n");
    const payload = join(t.tmp, "payload.txt");
    writeFileSync(payload, "pwned\n");
    await t.ok(["exec", "ie1", "sh", "-c", `mkdir -p /esc ${t.tmp} && ln -sf ${victim} /esc/file && ln -sfn ${t.tmp} /esc/dir && ln -sf ../../../../../../${victim} /esc/rel`]);
    await t.ok(["cp", payload, "ie1:/esc/file"]);
    await t.ok(["cp", payload, "ie1:/esc/dir/victim.txt"]);
    await t.ok(["cp", payload, "ie1:/esc/rel"]);
    expect(readFileSync(victim, "utf8")).toBe("host file\n");
    // the links stayed inside: /esc/dir resolved to <root>/<t.tmp> in the container
    expect((await t.ok(["exec", "ie1", "cat", `${t.tmp}/victim.txt`])).stdout).toBe("pwned\n");
    // reading through a link never reads the host's file
    const out = join(t.tmp, "read-back");
    await t.ok(["exec", "ie1", "ln", "-sf", "/etc/shadow-does-not-exist", "/esc/shadow"]);
    expect((await t.tspod(["cp", "ie1:/esc/shadow/", out])).code).toBe(125);
    expect(existsSync(out)).toBe(false);
  });

  test("cp with tar streams on stdin and stdout", async () => {
    const r = spawnSync(TSPOD, ["--root", t.root, "--runroot", t.runroot, "cp", "ie1:/tmp/copied", "-"], { timeout: 30_000 });
    expect(r.status).toBe(0);
    const list = spawnSync("tar", ["t"], { input: r.stdout, encoding: "utf8" });
    expect(list.stdout).toContain("copied/sub/a.txt");
    await t.ok(["exec", "ie1", "mkdir", "/opt"]);
    const tarIn = spawnSync("tar", ["c", "-C", join(t.tmp, "cpsrc"), "sub"]);
    const put = spawnSync(TSPOD, ["--root", t.root, "--runroot", t.runroot, "cp", "-", "ie1:/opt"], { input: tarIn.stdout, timeout: 30_000 });
    expect(put.status).toBe(0);
    expect((await t.ok(["exec", "ie1", "cat", "/opt/sub/a.txt"])).stdout).toBe("A\n");
  });

  test("export writes the root file system as tar", async () => {
    const file = join(t.tmp, "export.tar");
    await t.ok(["export", "-o", file, "ie1"]);
    const list = spawnSync("tar", ["tf", file], { encoding: "utf8" }).stdout;
    expect(list).toContain("new.txt");
    expect(list).toContain("bin/busybox");
    expect(list).not.toContain("etc/group");
  });

  test("commit makes an image that sees the changes and deletions", async () => {
    const r = await t.ok(["commit", "-q", "-c", 'CMD ["cat","/new.txt"]', "-m", "test commit", "-a", "me", "ie1", "committed"]);
    expect(r.out).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.ok(["run", "--rm", "committed"])).stdout).toBe("new\n");
    const gone = await t.tspod(["run", "--rm", "committed", "ls", "/etc/group"]);
    expect(gone.code).not.toBe(0);
    const sq = await t.ok(["commit", "-q", "--squash", "ie1", "squashed"]);
    expect(sq.out).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.ok(["run", "--rm", "squashed", "cat", "/new.txt"])).stdout).toBe("new\n");
  });

  test("mount prints the merged dir and unmount releases it", async () => {
    const m = await t.ok(["mount", "ie-created"]);
    expect(existsSync(join(m.out, "bin/busybox"))).toBe(true);
    expect((await t.ok(["mount"])).stdout).toContain(m.out);
    await t.ok(["unmount", "ie-created"]);
    expect(existsSync(join(m.out, "bin/busybox"))).toBe(false);
  });
});

test("a rootfs held by mount (or cp/export) stays mounted when its container stops", async () => {
  const id = (await t.ok(["run", "-d", "--network", "none", "--name", "ie-held", BB, "sleep", "1000"])).out;
  const root = (await t.ok(["mount", id])).out;
  expect(existsSync(join(root, "bin/busybox"))).toBe(true);
  await t.ok(["stop", "-t", "0", id]);
  // conmon's cleanup ran; the user's reference keeps the overlay
  expect(existsSync(join(root, "bin/busybox"))).toBe(true);
  await t.ok(["unmount", id]);
  expect(existsSync(join(root, "bin/busybox"))).toBe(false);
  await t.ok(["rm", id]);
});
