// run / create / start / ps / logs / wait / rm / inspect with real conmon + runc containers.

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HEX12, HEX64, hostHardNofile, mountsUnder, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "run" });
let BB = "";
let LAYERED = "";

beforeAll(async () => {
  BB = t.img("busybox");
  LAYERED = t.img("layered");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  await t.ok(["pull", "-q", "--tls-verify=false", LAYERED]);
}, 120_000);

/** ids of all containers (ps -a -q --no-trunc) */
async function allIds(): Promise<string[]> {
  const r = await t.ok(["ps", "-a", "-q", "--no-trunc"]);
  return r.out ? r.out.split("\n") : [];
}

async function psJson(all = true): Promise<any[]> {
  const r = await t.ok(["ps", ...(all ? ["-a"] : []), "--format", "json"]);
  return parseJson<any[]>(r.stdout);
}

describe("run attached", () => {
  test("--rm prints the output and leaves no container", async () => {
    const before = await allIds();
    const r = await t.ok(["run", "--rm", BB, "echo", "Hello from tspod"]);
    expect(r.stdout).toBe("Hello from tspod\n");
    expect(await allIds()).toEqual(before);
    const q = await t.ok(["ps", "-a", "-q"]);
    expect(q.out.split("\n").filter(Boolean).length).toBe(before.length);
  });

  test("--rm frees the runtime's state, cgroups and lock files (via conmon's exit command)", async () => {
    // -d --rm prints the id, so only this container's leftovers are checked (other files run at once)
    const id = (await t.ok(["run", "-d", "--rm", BB, "true"])).out;
    expect(id).toMatch(HEX64);
    const leftovers = () =>
      [
        join(t.runroot, "runc", id),
        join(t.runroot, "locks", `${id}.lock`),
        ...["pids", "memory", "cpu"].map((c) => `/sys/fs/cgroup/${c}/tspod_parent/tspod-${id}`),
        join(t.root, "containers", id),
      ].filter((p) => existsSync(p));
    const left = await waitFor(() => (leftovers().length === 0 ? [] : undefined));
    expect(left ?? leftovers()).toEqual([]);
    expect(await allIds()).not.toContain(id);
  });

  test("exit code of the command is returned", async () => {
    const r = await t.tspod(["run", "--rm", BB, "sh", "-c", "exit 7"]);
    expect(r.code).toBe(7);
  });

  test("missing command → 127", async () => {
    const r = await t.tspod(["run", "--rm", BB, "/nonexistent"]);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/^Error: .*nonexistent/m);
  });

  test("non-executable file → 126", async () => {
    const r = await t.tspod(["run", "--rm", BB, "/etc/passwd"]);
    expect(r.code).toBe(126);
    expect(r.stderr).toMatch(/^Error: .*permission denied/im);
  });

  test("missing image with --pull never → 125", async () => {
    const r = await t.tspod(["run", "--rm", "--pull", "never", `${t.host}/nothere:latest`, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^Error: .*nothere/m);
    expect(r.stderr).toMatch(/image not known|no such image/i);
  });

  test("bad flag → 125", async () => {
    const r = await t.tspod(["run", "--rm", "--nope", BB, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Error: unknown flag: --nope");
  });

  test("stdout and stderr stay separate", async () => {
    const r = await t.ok(["run", "--rm", BB, "sh", "-c", "echo to-out; echo to-err >&2"]);
    expect(r.stdout).toBe("to-out\n");
    expect(r.stderr).toContain("to-err\n");
    expect(r.stderr).not.toContain("to-out");
  });

  test("stdin is not attached without -i", async () => {
    const r = await t.ok(["run", "--rm", BB, "sh", "-c", "cat; echo done"], { stdin: "secret\n" });
    expect(r.stdout).toBe("done\n");
  });

  test("--pull missing pulls an image that is not in the store", async () => {
    const r = await t.ok(["run", "--rm", "--pull", "missing", "--tls-verify=false", t.img("busybox-docker"), "echo", "pulled"]);
    expect(r.stdout).toBe("pulled\n");
    expect(r.stderr).toContain("Trying to pull");
  });
});

describe("run options", () => {
  test("-e sets environment variables", async () => {
    const r = await t.ok(["run", "--rm", "-e", "GREETING=hi there", "-e", "X=1", BB, "sh", "-c", 'echo "$GREETING/$X"']);
    expect(r.out).toBe("hi there/1");
  });

  test("--entrypoint replaces the image's entrypoint", async () => {
    const r = await t.ok(["run", "--rm", "--entrypoint", "/bin/echo", LAYERED, "from", "entrypoint"]);
    expect(r.out).toBe("from entrypoint");
  });

  test("-w sets the working directory", async () => {
    const r = await t.ok(["run", "--rm", "-w", "/etc", BB, "pwd"]);
    expect(r.out).toBe("/etc");
  });

  test("-u nobody runs as uid 65534", async () => {
    const r = await t.ok(["run", "--rm", "-u", "nobody", BB, "id", "-u"]);
    expect(r.out).toBe("65534");
    const root = await t.ok(["run", "--rm", BB, "id", "-u"]);
    expect(root.out).toBe("0");
  });

  test("--hostname sets hostname and /etc/hostname", async () => {
    const r = await t.ok(["run", "--rm", "--hostname", "myhost", BB, "sh", "-c", "hostname; cat /etc/hostname"]);
    expect(r.out).toBe("myhost\nmyhost");
  });

  test("default hostname is the short container id", async () => {
    const r = await t.ok(["run", "--rm", BB, "cat", "/etc/hostname"]);
    expect(r.out).toMatch(HEX12);
  });

  test("/etc/hosts and /etc/resolv.conf exist", async () => {
    const r = await t.ok(["run", "--rm", "--hostname", "hh", BB, "sh", "-c", "cat /etc/hosts; test -f /etc/resolv.conf && echo resolv-ok"]);
    expect(r.stdout).toMatch(/127\.0\.0\.1\s+.*localhost/);
    expect(r.stdout).toContain("resolv-ok");
  });

  test("layered image defaults: entrypoint+cmd, workdir, env, whiteout", async () => {
    const r = await t.ok(["run", "--rm", LAYERED]);
    expect(r.stdout).toBe("hello from layer 2\n");
    const pwd = await t.ok(["run", "--rm", "--entrypoint", "pwd", LAYERED]);
    expect(pwd.out).toBe("/tmp");
    const env = await t.ok(["run", "--rm", "--entrypoint", "sh", LAYERED, "-c", "echo $FOO"]);
    expect(env.out).toBe("bar");
    const vi = await t.tspod(["run", "--rm", "--entrypoint", "sh", LAYERED, "-c", "test -e /bin/vi && echo present || echo absent; test -e /bin/ls && echo ls-ok"]);
    expect(vi.code).toBe(0);
    expect(vi.out).toBe("absent\nls-ok");
  });

  test("ulimit defaults work (nofile within the host hard limit)", async () => {
    const r = await t.ok(["run", "--rm", BB, "sh", "-c", "ulimit -n"]);
    const n = Number(r.out);
    expect(Number.isInteger(n)).toBe(true);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(hostHardNofile());
  });

  test("--ulimit nofile", async () => {
    const r = await t.ok(["run", "--rm", "--ulimit", "nofile=512:1024", BB, "sh", "-c", "ulimit -Sn; ulimit -Hn"]);
    expect(r.out).toBe("512\n1024");
  });

  test("--network none shows only lo", async () => {
    const r = await t.ok(["run", "--rm", "--network", "none", BB, "cat", "/proc/net/dev"]);
    const ifaces = r.out.split("\n").slice(2).map((l) => l.split(":")[0]!.trim());
    expect(ifaces).toEqual(["lo"]);
  });

  test("--read-only makes the rootfs read-only", async () => {
    const r = await t.tspod(["run", "--rm", "--read-only", BB, "touch", "/x"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/read-only file system/i);
    const rw = await t.tspod(["run", "--rm", BB, "touch", "/x"]);
    expect(rw.code).toBe(0);
  });

  test("--privileged changes the effective capabilities", async () => {
    const def = await t.ok(["run", "--rm", BB, "grep", "CapEff", "/proc/self/status"]);
    const priv = await t.tspod(["run", "--rm", "--privileged", BB, "grep", "CapEff", "/proc/self/status"]);
    expect({ code: priv.code, stderr: priv.stderr }).toEqual({ code: 0, stderr: "" });
    expect(def.out).toMatch(/^CapEff:\s+[0-9a-f]{16}$/);
    expect(priv.out).toMatch(/^CapEff:\s+[0-9a-f]{16}$/);
    expect(priv.out).not.toBe(def.out);
  });

  test("--cap-drop / --cap-add change CapEff", async () => {
    const def = await t.ok(["run", "--rm", BB, "grep", "CapEff", "/proc/self/status"]);
    const none = await t.ok(["run", "--rm", "--cap-drop", "all", BB, "grep", "CapEff", "/proc/self/status"]);
    expect(none.out).toMatch(/^CapEff:\s+0{16}$/);
    const add = await t.ok(["run", "--rm", "--cap-add", "NET_ADMIN", BB, "grep", "CapEff", "/proc/self/status"]);
    expect(add.out).not.toBe(def.out);
    const bits = (s: string) => BigInt("0x" + s.split(/\s+/)[1]);
    expect(bits(add.out) & (1n << 12n)).toBe(1n << 12n); // CAP_NET_ADMIN
  });
});

describe("detached containers", () => {
  test("run -d, ps, logs, wait, rm refuses running, rm -f", async () => {
    const r = await t.ok(["run", "-d", "--name", "det", BB, "sh", "-c", "echo out-line; echo err-line >&2; sleep 60"]);
    const id = r.out;
    expect(id).toMatch(HEX64);

    const ps = await t.ok(["ps"]);
    const row = ps.out.split("\n").find((l) => l.startsWith(id.slice(0, 12)));
    expect(row).toBeDefined();
    expect(row).toMatch(/\bUp\b/);
    expect(row).toMatch(/\bdet$/);

    const running = (await psJson(false)).find((c) => c.Id === id);
    expect(running?.State).toBe("running");
    expect(running?.Names).toEqual(["det"]);

    const logs = await waitFor(async () => {
      const l = await t.ok(["logs", "det"]);
      return l.stdout.includes("out-line") && l.stderr.includes("err-line") ? l : undefined;
    });
    expect(logs).toBeDefined();
    expect(logs!.stdout).toBe("out-line\n");
    expect(logs!.stderr).toBe("err-line\n");

    const rm = await t.tspod(["rm", "det"]);
    expect(rm.code).toBe(2); // Podman: 2 when a container is running
    expect(rm.stderr).toContain("cannot remove");
    expect((await allIds())).toContain(id);

    const rmf = await t.ok(["rm", "-f", "det"]);
    expect(rmf.out).toBe("det");
    expect(await allIds()).not.toContain(id);
    // conmon gone and rootfs unmounted
    expect(await waitFor(() => mountsUnder(`${t.root}`).filter((m) => m.includes(id)).length === 0)).toBe(true);
  });

  test("wait returns the exit code", async () => {
    const id = (await t.ok(["run", "-d", BB, "sh", "-c", "sleep 0.2; exit 3"])).out;
    const w = await t.ok(["wait", id]);
    expect(w.out).toBe("3");
    const insp = await t.ok(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id]);
    expect(insp.out).toBe("exited 3");
    await t.ok(["rm", id]);
  });

  test("logs --tail and -t", async () => {
    const id = (await t.ok(["run", "-d", BB, "sh", "-c", "echo one; echo two; echo three"])).out;
    await t.ok(["wait", id]);
    expect((await t.ok(["logs", id])).out).toBe("one\ntwo\nthree");
    expect((await t.ok(["logs", "--tail", "2", id])).out).toBe("two\nthree");
    const ts = await t.ok(["logs", "-t", "--tail", "1", id]);
    expect(ts.out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) three$/);
    await t.ok(["rm", id]);
  });

  test("after a short detached run the cleanup leaves it exited and unmounted", async () => {
    const id = (await t.ok(["run", "-d", BB, "sh", "-c", "sleep 0.3"])).out;
    expect(id).toMatch(HEX64);
    const exited = await waitFor(async () => {
      const c = (await psJson()).find((x) => x.Id === id);
      return c?.State === "exited" ? c : undefined;
    }, 15_000, 100);
    expect(exited).toBeDefined();
    expect(exited.ExitCode).toBe(0);
    const ps = await t.ok(["ps", "-a"]);
    expect(ps.out.split("\n").find((l) => l.startsWith(id.slice(0, 12)))).toMatch(/Exited \(0\)/);
    // `ps` alone must not list it any more
    expect((await t.ok(["ps", "-q", "--no-trunc"])).out.split("\n")).not.toContain(id);
    // the exit command (container cleanup) unmounted the rootfs without anyone else touching it
    const unmounted = await waitFor(() => mountsUnder(t.root).filter((m) => m.includes(id)).length === 0, 10_000);
    expect(mountsUnder(t.root).filter((m) => m.includes(id))).toEqual([]);
    expect(unmounted).toBe(true);
    const insp = await t.ok(["inspect", "-f", "{{.State.Status}}", id]);
    expect(insp.out).toBe("exited");
    await t.ok(["rm", id]);
  });
});

describe("paths", () => {
  // Podman connects to conmon's attach socket through /proc/self/fd/N/attach when
  // <runroot>/socket/<id>/attach does not fit in sun_path (108 bytes), so long runroots work.
  // the harness's temp dir is /tmp/tsys-XXXXXX, so a store named N gives
  // <tmp>/N-run/socket/<id>/attach = 100 + N.length bytes
  test("run works when the attach socket path is 104 bytes", async () => {
    const store = t.newStore("l104");
    await t.ok(["pull", "-q", "--tls-verify=false", BB], { store });
    const r = await t.tspod(["run", "--rm", BB, "echo", "104 ok"], { store });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: "104 ok\n", stderr: "" });
  });

  test("run works with a long --runroot", async () => {
    const store = t.newStore("a-rather-long-runroot-directory-name-for-the-attach-socket");
    await t.ok(["pull", "-q", "--tls-verify=false", BB], { store });
    const r = await t.tspod(["run", "--rm", BB, "echo", "long path ok"], { store });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: "long path ok\n", stderr: "" });
  });
});

describe("names", () => {
  test("--name conflict → 125 already in use", async () => {
    await t.ok(["run", "--name", "dup", BB, "true"]);
    const r = await t.tspod(["run", "--name", "dup", BB, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("already in use");
    await t.ok(["rm", "dup"]);
  });

  test("rm of an unknown container → 1 (Podman)", async () => {
    const r = await t.tspod(["rm", "no-such-ctr"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-ctr/);
  });
});

describe("create and start", () => {
  test("create → Created, start runs it, wait + logs", async () => {
    const c = await t.ok(["create", "--name", "cs", BB, "sh", "-c", "echo created-then-started"]);
    expect(c.out).toMatch(HEX64);
    const st = (await psJson()).find((x) => x.Id === c.out);
    expect(st?.State).toBe("created");
    const ps = await t.ok(["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    expect(ps.out.split("\n")).toContain("cs Created");
    const s = await t.ok(["start", "cs"]);
    expect(s.out).toBe("cs");
    expect((await t.ok(["wait", "cs"])).out).toBe("0");
    expect((await t.ok(["logs", "cs"])).out).toBe("created-then-started");
    await t.ok(["rm", "cs"]);
  });
});

describe("inspect and ps", () => {
  test("inspect fields", async () => {
    await t.tspod(["run", "--name", "insp", "-e", "MYVAR=42", "--label", "k=v", BB, "sh", "-c", "exit 5"]);
    const r = await t.ok(["inspect", "insp"]);
    const arr = parseJson<any[]>(r.stdout);
    expect(arr).toHaveLength(1);
    const c = arr[0];
    expect(c.Id).toMatch(HEX64);
    expect(c.Name).toBe("insp");
    expect(c.State.Status).toBe("exited");
    expect(c.State.Running).toBe(false);
    expect(c.State.ExitCode).toBe(5);
    expect(c.Config.Env).toContain("MYVAR=42");
    expect(c.Config.Labels).toMatchObject({ k: "v" });
    expect(c.Path).toBe("sh");
    expect(c.Args).toEqual(["-c", "exit 5"]);
    expect(c.ImageName).toBe(BB);
    expect((await t.ok(["inspect", "-f", "{{.State.ExitCode}}", "insp"])).out).toBe("5");
    expect((await t.ok(["inspect", "--format", "{{.Name}} {{.Config.Labels.k}}", "insp"])).out).toBe("insp v");
    const byId = await t.ok(["inspect", "-f", "{{.Name}}", c.Id.slice(0, 12)]);
    expect(byId.out).toBe("insp");
    await t.ok(["rm", "insp"]);
  });

  test("inspect of an unknown name → 125", async () => {
    const r = await t.tspod(["inspect", "nope-nope"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("nope-nope");
  });

  test("ps -a table, -n, -l, --noheading, template", async () => {
    await t.ok(["run", "--name", "ps1", BB, "true"]);
    await t.ok(["run", "--name", "ps2", BB, "true"]);
    const table = await t.ok(["ps", "-a"]);
    expect(table.out.split("\n")[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    const latest = await t.ok(["ps", "-a", "-l", "--format", "{{.Names}}"]);
    expect(latest.out).toBe("ps2");
    const n1 = await t.ok(["ps", "-a", "-n", "1", "--noheading", "--format", "{{.Names}}"]);
    expect(n1.out).toBe("ps2");
    const noh = await t.ok(["ps", "-a", "--noheading"]);
    expect(noh.out).not.toContain("CONTAINER ID");
    expect(noh.out).toContain("ps1");
    await t.ok(["rm", "ps1", "ps2"]);
  });
});
