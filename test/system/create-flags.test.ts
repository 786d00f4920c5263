// create / run flags beyond the basics: what the container sees (cgroup files, ids, env, mounts,
// namespaces), what inspect reports, and Podman's errors for bad values.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, readlinkSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "create-flags" });
let BB = "";
// Containers here live under their own cgroup parent, so other test files that count the
// containers' cgroups under tspod_parent do not see them.
const PARENT = `tspod_test_parent_${process.pid}`;

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

afterAll(async () => {
  // exited containers' cgroups go when conmon's exit command has run; then the parent can go
  // (the harness's own afterAll may have run first and removed the store: then this fails harmlessly)
  await t.tspod(["rm", "-a", "-f"]).catch(() => undefined);
  await waitFor(() => {
    let left = 0;
    for (const c of ["memory", "cpu", "cpuacct", "pids", "cpuset", "devices", "freezer", "blkio", "systemd", "unified"]) {
      const dir = `/sys/fs/cgroup/${c}/${PARENT}`;
      if (!existsSync(dir)) continue;
      try {
        rmdirSync(dir);
      } catch {
        left++;
      }
    }
    return left === 0;
  }, 15_000, 200);
});

async function inspect(name: string): Promise<any> {
  const r = await t.ok(["inspect", name]);
  return parseJson<any[]>(r.stdout)[0];
}

/** Runs `sh -c script` in a new --rm container with `flags` and returns its stdout. */
async function sh(flags: string[], script: string): Promise<string> {
  const r = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", ...flags, BB, "sh", "-c", script]);
  return r.out;
}

describe("resource limits reach the container's cgroup", () => {
  test("memory, cpu, cpuset and pids limits in the cgroup files and in inspect", async () => {
    const r = await t.ok([
      "run", "-d", "--name", "limits", "--cgroup-parent", PARENT,
      "-m", "64m", "--memory-swap", "128m", "--memory-reservation", "32m",
      "--cpus", "0.5", "--cpu-shares", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0",
      "--pids-limit", "77", BB, "sleep", "300",
    ]);
    const id = r.out;
    expect(id).toMatch(HEX64);
    const cg = (ctrl: string, file: string) => readFileSync(`/sys/fs/cgroup/${ctrl}/${PARENT}/tspod-${id}/${file}`, "utf8").trim();
    expect(cg("memory", "memory.limit_in_bytes")).toBe(String(64 * 1024 * 1024));
    expect(cg("memory", "memory.soft_limit_in_bytes")).toBe(String(32 * 1024 * 1024));
    expect(cg("cpu", "cpu.cfs_quota_us")).toBe("50000");
    expect(cg("cpu", "cpu.cfs_period_us")).toBe("100000");
    expect(cg("cpu", "cpu.shares")).toBe("512");
    expect(cg("cpuset", "cpuset.cpus")).toBe("0");
    expect(cg("pids", "pids.max")).toBe("77");
    // the container's own /proc/self/cgroup names that cgroup
    const inside = await t.ok(["exec", "limits", "cat", "/proc/self/cgroup"]).catch(() => undefined);
    if (inside) expect(inside.stdout).toContain(`${PARENT}/tspod-${id}`);
    const hc = (await inspect("limits")).HostConfig;
    expect(hc.Memory).toBe(67108864);
    expect(hc.MemorySwap).toBe(134217728);
    expect(hc.MemoryReservation).toBe(33554432);
    expect(hc.NanoCpus).toBe(500000000);
    expect(hc.CpuQuota).toBe(50000);
    expect(hc.CpuPeriod).toBe(100000);
    expect(hc.CpuShares).toBe(512);
    expect(hc.CpusetCpus).toBe("0");
    expect(hc.CpusetMems).toBe("0");
    expect(hc.PidsLimit).toBe(77);
    expect(hc.CgroupParent).toBe(PARENT);
    await t.ok(["rm", "-f", "limits"]);
  });

  test("memory limit is enforced: a process over it is killed", async () => {
    const r = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "-m", "8m", "--memory-swap", "8m", BB, "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null && echo survived"]);
    expect(r.stdout).not.toContain("survived");
    const ok = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", "-m", "128m", BB, "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null && echo survived"]);
    expect(ok.stdout).toBe("survived\n");
  });

  test("cgroup namespace: --cgroupns private shows the container's cgroup as /", async () => {
    const out = await sh(["--cgroupns", "private", "--pids-limit", "33"], "cat /proc/self/cgroup | grep pids; cat /sys/fs/cgroup/pids/pids.max");
    expect(out).toMatch(/pids:\/$/m);
    expect(out.split("\n").pop()).toBe("33");
  });

  test("--shm-size sizes /dev/shm", async () => {
    const out = await sh(["--shm-size", "16m"], "grep /dev/shm /proc/mounts");
    expect(out).toMatch(/size=16384k/);
  });
});

describe("process settings", () => {
  test("-u user:group with --group-add, and --umask", async () => {
    const out = await sh(["-u", "65534:65534", "--group-add", "0", "--group-add", "nogroup", "--umask", "0027"], "id; umask");
    expect(out).toBe("uid=65534(nobody) gid=65534(nogroup) groups=0(root),65534(nogroup)\n0027");
  });

  test("--env-file, --env-host, --unsetenv, --unsetenv-all", async () => {
    const file = join(t.tmp, "env.list");
    writeFileSync(file, "# comment\nFROM_FILE=yes\nOVERRIDE=file\n\nHOST_ONLY\n");
    const out = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", "--env-file", file, "-e", "OVERRIDE=flag", "--unsetenv", "TERM", BB, "env"], { env: { HOST_ONLY: "from-host" } });
    const env = out.stdout.split("\n");
    expect(env).toContain("FROM_FILE=yes");
    expect(env).toContain("OVERRIDE=flag");
    expect(env).toContain("HOST_ONLY=from-host");
    expect(env.some((l) => l.startsWith("TERM="))).toBe(false);
    expect(env.some((l) => l.startsWith("PATH="))).toBe(true);

    const host = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", "--env-host", BB, "env"], { env: { TSPOD_HOST_MARK: "m1" } });
    expect(host.stdout).toContain("TSPOD_HOST_MARK=m1");

    const all = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", "--unsetenv-all", "-e", "ONLY=1", BB, "/bin/env"]);
    // runc itself adds HOME when the environment has none
    expect(all.out.split("\n").filter((l) => !l.startsWith("HOME=")).sort()).toEqual(["ONLY=1"]);
  });

  test("--init runs catatonit as PID 1 with the command as its child", async () => {
    const out = await sh(["--init"], "cat /proc/1/cmdline | tr '\\0' ' '; echo; ls -l /run/podman-init | wc -l");
    expect(out.split("\n")[0]).toBe("/run/podman-init -- sh -c cat /proc/1/cmdline | tr '\\0' ' '; echo; ls -l /run/podman-init | wc -l ");
    const r = await t.ok(["create", "--init", BB, "true"]);
    const c = await inspect(r.out);
    expect(c.HostConfig.Init).toBe(true);
    expect(c.Config.Annotations["io.podman.annotations.init"]).toBe("TRUE");
    expect(c.Path).toBe("/run/podman-init");
  });

  test("--init-path that does not exist, and --init with --pid host", async () => {
    const r = await t.tspod(["create", "--init", "--init-path", "/nonexistent-init", BB, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe("Error: container-init binary not found on the host: stat /nonexistent-init: no such file or directory\n");
    const p = await t.tspod(["create", "--init", "--pid", "host", BB, "true"]);
    expect(p.code).toBe(125);
    expect(p.stderr).toBe("Error: cannot add init binary as PID 1 (PID namespace isn't private)\n");
  });

  test("--tz sets /etc/localtime from zoneinfo", async () => {
    if (!existsSync("/usr/share/zoneinfo/Asia/Tokyo")) return;
    const out = await sh(["--tz", "Asia/Tokyo"], "date +%Z; grep localtime /proc/mounts | wc -l");
    expect(out).toBe("JST\n1");
    const bad = await t.tspod(["create", "--tz", "Foo/Bar", BB, "true"]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toBe("Error: running container create option: stat /usr/share/zoneinfo/Foo/Bar: no such file or directory\n");
  });

  test("--oom-score-adj and --security-opt no-new-privileges", async () => {
    const out = await sh(["--oom-score-adj", "123", "--security-opt", "no-new-privileges"], "cat /proc/self/oom_score_adj; grep NoNewPrivs /proc/self/status");
    expect(out).toMatch(/^123\nNoNewPrivs:\s+1$/);
    const plain = await sh([], "grep NoNewPrivs /proc/self/status");
    expect(plain).toMatch(/NoNewPrivs:\s+0/);
  });

  test("--security-opt seccomp=unconfined, mask= and unmask=", async () => {
    const conf = await sh(["--security-opt", "seccomp=unconfined"], "grep Seccomp: /proc/self/status");
    expect(conf).toMatch(/Seccomp:\s+0/);
    const def = await sh([], "grep Seccomp: /proc/self/status");
    expect(def).toMatch(/Seccomp:\s+2/);
    const masked = await sh(["--security-opt", "mask=/etc/hostname"], "cat /etc/hostname | wc -c");
    expect(masked).toBe("0");
    const maskedKeys = await sh([], "grep -c ' /proc/keys ' /proc/mounts");
    expect(maskedKeys).toBe("1");
    const unmasked = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "--security-opt", "unmask=/proc/keys", BB, "grep", "-c", " /proc/keys ", "/proc/mounts"]);
    expect(unmasked.out).toBe("0");
    const all = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "--security-opt", "unmask=ALL", BB, "grep", "-c", " /proc/\\(keys\\|sys\\) ", "/proc/mounts"]);
    expect(all.out).toBe("0");
    const r = await t.ok(["create", "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable", BB, "true"]);
    expect((await inspect(r.out)).HostConfig.SecurityOpt).toEqual(["seccomp=unconfined", "label=disable"]);
  });

  test("--stop-signal and --stop-timeout", async () => {
    const r = await t.ok(["create", "--stop-signal", "SIGINT", "--stop-timeout", "7", BB, "true"]);
    const c = await inspect(r.out);
    expect(c.Config.StopSignal).toBe(2);
    expect(c.Config.StopTimeout).toBe(7);
  });
});

describe("filesystem", () => {
  test("--tmpfs mounts a tmpfs with the given options", async () => {
    const out = await sh(["--tmpfs", "/scratch:size=1m,mode=700"], "grep ' /scratch ' /proc/mounts; stat -c %a /scratch");
    expect(out).toMatch(/^tmpfs \/scratch tmpfs rw,nosuid,nodev,.*size=1024k.*\n700$/);
    const r = await t.ok(["create", "--tmpfs", "/scratch:size=1m", BB, "true"]);
    expect((await inspect(r.out)).HostConfig.Tmpfs).toEqual({ "/scratch": "size=1m,rw,rprivate,nosuid,nodev,tmpcopyup" });
  });

  test("--read-only keeps /tmp writable unless --read-only-tmpfs=false", async () => {
    const out = await sh(["--read-only"], "touch /tmp/x && echo tmp-ok; touch /etc/x 2>/dev/null || echo etc-ro");
    expect(out).toBe("tmp-ok\netc-ro");
    const r = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "--read-only", "--read-only-tmpfs=false", BB, "touch", "/tmp/x"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Read-only file system");
  });

  test("--device adds the node with its permissions", async () => {
    const out = await sh(["--device", "/dev/null:/dev/mynull:rw"], "ls -l /dev/mynull; echo hi > /dev/mynull && echo wrote");
    expect(out).toMatch(/^crw-rw-rw-\s+1 root\s+root\s+1,\s+3 .* \/dev\/mynull\nwrote$/);
    const r = await t.ok(["create", "--device", "/dev/zero", BB, "true"]);
    expect((await inspect(r.out)).HostConfig.Devices).toEqual([{ PathOnHost: "/dev/zero", PathInContainer: "/dev/zero", CgroupPermissions: "rwm" }]);
    // /dev/null is always allowed by runc; loop-control is not, so the cgroup rule decides
    if (existsSync("/dev/loop-control")) {
      const ro = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "--device", "/dev/loop-control:/dev/lc:r", BB, "sh", "-c", "echo x > /dev/lc"]);
      expect(ro.code).not.toBe(0);
      expect(ro.stderr).toContain("Operation not permitted");
    }
  });

  test("--sysctl is set in /proc/sys", async () => {
    const out = await sh(["--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shmmni=1234"], "cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni");
    expect(out).toBe("1\n1234");
    const r = await t.ok(["create", "--sysctl", "kernel.shmmni=1234", BB, "true"]);
    expect((await inspect(r.out)).HostConfig.Sysctls["kernel.shmmni"]).toBe("1234");
  });
});

describe("namespaces", () => {
  test("--pid/--ipc/--uts container:NAME join the other container's namespaces", async () => {
    await t.ok(["run", "--cgroup-parent", PARENT, "-d", "--name", "nsowner", "--hostname", "owner-host", BB, "sleep", "300"]);
    const pid = (await inspect("nsowner")).State.Pid;
    const out = await sh(["--pid", "container:nsowner", "--ipc", "container:nsowner", "--uts", "container:nsowner"], "readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; readlink /proc/self/ns/uts; hostname");
    const [p, i, u, host] = out.split("\n");
    expect(p).toBe(readlinkSync(`/proc/${pid}/ns/pid`));
    expect(i).toBe(readlinkSync(`/proc/${pid}/ns/ipc`));
    expect(u).toBe(readlinkSync(`/proc/${pid}/ns/uts`));
    expect(host).toBe("owner-host");
    const r = await t.ok(["create", "--pid", "container:nsowner", BB, "true"]);
    const c = await inspect(r.out);
    const ownerId = (await inspect("nsowner")).Id;
    expect(c.HostConfig.PidMode).toBe(`container:${ownerId}`);
    expect(c.Dependencies).toEqual([ownerId]);
    await t.ok(["rm", "-f", r.out]);
    await t.ok(["rm", "-f", "nsowner"]);
  });

  test("--pid host sees the host's processes; private does not", async () => {
    const host = await sh(["--pid", "host"], "readlink /proc/self/ns/pid");
    expect(host).toBe(readlinkSync("/proc/self/ns/pid"));
    const priv = await sh([], "readlink /proc/self/ns/pid");
    expect(priv).not.toBe(readlinkSync("/proc/self/ns/pid"));
    const uts = await sh(["--uts", "host"], "hostname");
    expect(uts).toBe(readFileSync("/proc/sys/kernel/hostname", "utf8").trim());
  });

  test("container:NAME that does not exist, and a bad mode", async () => {
    const r = await t.tspod(["create", "--pid", "container:nope", BB, "true"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe('Error: looking up container to share pid namespace with: no container with name or ID "nope" found: no such container\n');
    const b = await t.tspod(["create", "--uts", "bogus", BB, "true"]);
    expect(b.code).toBe(125);
    expect(b.stderr).toBe("Error: unrecognized namespace mode bogus passed\n");
  });
});

describe("metadata and bookkeeping", () => {
  test("--label-file, --annotation, --cidfile", async () => {
    const labels = join(t.tmp, "labels");
    writeFileSync(labels, "# c\nfrom.file=1\nbare\n");
    const cid = join(t.tmp, "cid");
    const r = await t.ok(["create", "--label-file", labels, "--annotation", "a.b=c", "--cidfile", cid, BB, "true"]);
    expect(readFileSync(cid, "utf8")).toBe(r.out);
    const c = await inspect(r.out);
    expect(c.Config.Labels).toEqual({ "from.file": "1", bare: "" });
    expect(c.Config.Annotations["a.b"]).toBe("c");
    expect(c.HostConfig.ContainerIDFile).toBe(cid);
    const again = await t.tspod(["create", "--cidfile", cid, BB, "true"]);
    expect(again.code).toBe(125);
    expect(again.stderr).toBe(`Error: container id file exists. Ensure another container is not using it or delete ${cid}\n`);
  });

  test("--replace removes the container with that name", async () => {
    const first = await t.ok(["create", "--name", "repl", BB, "true"]);
    const dup = await t.tspod(["create", "--name", "repl", BB, "true"]);
    expect(dup.code).toBe(125);
    const second = await t.ok(["create", "--replace", "--name", "repl", BB, "true"]);
    expect(second.out).not.toBe(first.out);
    const ids = (await t.ok(["ps", "-a", "-q", "--no-trunc"])).out.split("\n");
    expect(ids).toContain(second.out);
    expect(ids).not.toContain(first.out);
  });

  test("--log-driver none: no log, and logs says so; --log-opt path/tag/max-size", async () => {
    await t.ok(["run", "--cgroup-parent", PARENT, "--name", "nolog", "--log-driver", "none", BB, "echo", "hi"]);
    const l = await t.tspod(["logs", "nolog"]);
    expect(l.code).toBe(125);
    expect(l.stderr).toBe("Error: this container is using the 'none' log driver, cannot read logs: this container is not logging output\n");
    const path = join(t.tmp, "custom.log");
    await t.ok(["run", "--cgroup-parent", PARENT, "--name", "logopts", "--log-driver", "json-file", "--log-opt", `path=${path}`, "--log-opt", "tag=mytag", "--log-opt", "max-size=1m", BB, "echo", "to-file"]);
    expect(readFileSync(path, "utf8")).toContain("stdout F to-file");
    expect((await t.ok(["logs", "logopts"])).stdout).toBe("to-file\n");
    const lc = (await inspect("logopts")).HostConfig.LogConfig;
    expect(lc).toMatchObject({ Type: "json-file", Path: path, Tag: "mytag", Size: "1MB" });
  });

  test("--log-driver passthrough: the container writes to tspod's own stdout; logs refuses", async () => {
    const res = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "--log-driver", "passthrough", BB, "sh", "-c", "echo out-pass; echo err-pass >&2; exit 3"]);
    expect(res.code).toBe(3);
    expect(res.stdout).toBe("out-pass\n");
    expect(res.stderr).toBe("err-pass\n");
    await t.ok(["create", "--name", "passthru", "--log-driver", "passthrough", BB, "true"]);
    const l = await t.tspod(["logs", "passthru"]);
    expect(l.code).toBe(125);
    expect(l.stderr).toBe("Error: this container is using the 'passthrough' log driver, cannot read logs: this container is not logging output\n");
  });

  test("--pull newer uses the local image and checks the registry", async () => {
    const r = await t.ok(["run", "--cgroup-parent", PARENT, "--rm", "--pull", "newer", "--tls-verify=false", BB, "true"]);
    expect(r.code).toBe(0);
  });
});

describe("bad values get Podman's errors", () => {
  const cases: [string[], string][] = [
    [["--memory", "abc"], "Error: invalid value for memory: invalid size: 'abc'"],
    [["--memory-swap", "10m"], "Error: you should always set a memory limit when using a memoryswap limit, see usage"],
    [["-m", "20m", "--memory-swap", "10m"], "Error: minimum memoryswap limit should be larger than memory limit, see usage"],
    [["--cpus", "abc"], `Error: invalid argument "abc" for "--cpus" flag: strconv.ParseFloat: parsing "abc": invalid syntax`],
    [["--cpus", "1000"], "Error: range of CPUs is from 0.01 to"],
    [["--cpuset-cpus", "999"], "Error: requested CPUs are not available - requested 999, available: "],
    [["--cpu-period", "100"], "Error: CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)"],
    [["--shm-size", "abc"], "Error: unable to translate --shm-size: invalid size: 'abc'"],
    [["--device", "/nonexistent"], "Error: stat /nonexistent: no such file or directory"],
    [["--security-opt", "foo"], `Error: invalid --security-opt 1: "foo"`],
    [["--security-opt", "seccomp=/nonexistent"], "Error: opening seccomp profile failed: open /nonexistent: no such file or directory"],
    [["--log-driver", "bogus"], "Error: running container create option: invalid log driver: invalid argument"],
    [["--umask", "999"], "Error: running container create option: invalid umask string 999: invalid argument"],
    [["--stop-signal", "FOO"], "Error: invalid signal: FOO"],
    [["--sysctl", "foo"], "Error: foo is invalid, sysctl values must be in the form of KEY=VALUE"],
    [["--sysctl", "kernel.foo=1"], "Error: sysctl 'kernel.foo' is not allowed"],
    [["--tmpfs", "rel"], `Error: invalid container path "rel", must be an absolute path`],
    [["--uts", "host", "--hostname", "foo"], "Error: invalid config provided: cannot set hostname when running in the host UTS namespace: invalid configuration"],
    [["--ipc", "container:nope"], `Error: looking up container to share ipc namespace with: no container with name or ID "nope" found: no such container`],
    [["--init", "--pid", "host"], "Error: cannot add init binary as PID 1 (PID namespace isn't private)"],
    [["--replace"], "Error: cannot replace container without --name being set"],
    [["--cgroups", "bogus"], `Error: running container create option: invalid cgroup mode "bogus": invalid argument`],
    [["--cgroups", "disabled"], "Error: requested OCI runtime runc is not compatible with NoCgroups: invalid argument"],
    [["--env-file", "/nonexistent"], `Error: parsing env file "/nonexistent": open /nonexistent: no such file or directory`],
    [["--label-file", "/nonexistent"], "Error: unable to process labels: open /nonexistent: no such file or directory"],
    [["--annotation", "foo"], "Error: annotations must be formatted KEY=VALUE"],
    [["--pids-limit", "abc"], `Error: invalid argument "abc" for "--pids-limit" flag: strconv.ParseInt: parsing "abc": invalid syntax`],
    [["--log-opt", "max-size=abc"], "Error: invalid size: 'abc'"],
  ];
  for (const [flags, message] of cases) {
    test(flags.join(" "), async () => {
      const before = (await t.ok(["ps", "-a", "-q"])).out;
      const r = await t.tspod(["create", ...flags, BB, "true"]);
      expect(r.code).toBe(125);
      expect(r.stderr.split("\n")[0]!.startsWith(message)).toBe(true);
      expect((await t.ok(["ps", "-a", "-q"])).out).toBe(before);
    });
  }

  test("a memory limit below what the container needs fails at start with runc's error", async () => {
    const r = await t.tspod(["run", "--cgroup-parent", PARENT, "--rm", "-m", "1k", BB, "true"]);
    expect(r.code).toBe(126); // Podman 4.3.1: a run whose start fails exits 126
    expect(r.stderr).toContain("memory");
  });
});
