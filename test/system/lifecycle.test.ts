// stop / kill / restart / pause / unpause / init / rename / exists / prune / update / wait /
// restart policies, with real conmon + runc containers.

import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "lifecycle" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

async function status(name: string): Promise<string> {
  return (await t.ok(["inspect", "-f", "{{.State.Status}}", name])).out;
}

async function field(name: string, tmpl: string): Promise<string> {
  return (await t.ok(["inspect", "-f", tmpl, name])).out;
}

/** a container whose PID 1 ignores SIGTERM (sh as PID 1 has no default TERM handler) */
async function stubborn(name: string): Promise<void> {
  await t.ok(["run", "-d", "--name", name, BB, "sleep", "1000"]);
}

describe("stop", () => {
  test("stop -t 1 kills a container that ignores SIGTERM after about a second, with Podman's warning", async () => {
    await stubborn("st1");
    const start = Date.now();
    const r = await t.ok(["stop", "-t", "1", "st1"]);
    const took = Date.now() - start;
    expect(r.stdout).toBe("st1\n");
    expect(r.stderr).toContain("StopSignal SIGTERM failed to stop container st1 in 1 seconds, resorting to SIGKILL");
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(6000);
    expect(await status("st1")).toBe("exited");
    expect(await field("st1", "{{.State.ExitCode}}")).toBe("137");
  });

  test("a container that handles SIGTERM stops at once", async () => {
    await t.ok(["run", "-d", "--name", "st2", BB, "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
    const start = Date.now();
    await t.ok(["stop", "st2"]);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(await field("st2", "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 0");
  });

  test("stop of an exited container prints its name; a missing one fails with 125 unless --ignore", async () => {
    const again = await t.ok(["stop", "st1"]);
    expect(again.stdout).toBe("st1\n");
    const missing = await t.tspod(["stop", "nope-nope"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toBe('Error: no container with name or ID "nope-nope" found: no such container\n');
    const ignored = await t.tspod(["stop", "--ignore", "nope-nope"]);
    expect(ignored.code).toBe(0);
    expect((await t.tspod(["stop"])).stderr).toBe("Error: you must provide at least one name or id\n");
  });

  test("stop --cidfile and stop --all", async () => {
    const r = await t.ok(["run", "-d", BB, "sleep", "1000"]);
    const cidfile = join(t.tmp, "cid");
    writeFileSync(cidfile, r.out);
    const s = await t.ok(["stop", "-t", "0", "--cidfile", cidfile]);
    expect(s.out).toBe(r.out);
    await t.ok(["run", "-d", "--name", "sa1", BB, "sleep", "1000"]);
    await t.ok(["run", "-d", "--name", "sa2", BB, "sleep", "1000"]);
    const all = await t.ok(["stop", "-a", "-t", "0"]);
    const ids = all.out.split("\n");
    expect(ids.every((i) => HEX64.test(i))).toBe(true);
    expect(ids).toContain(await field("sa1", "{{.Id}}"));
    expect((await t.ok(["ps", "-q"])).out).toBe("");
  });
});

describe("kill, pause, unpause", () => {
  test("kill -s by name and number; the state machine refuses what Podman refuses", async () => {
    await t.ok(["run", "-d", "--name", "k1", BB, "sh", "-c", "trap 'echo got-usr1' USR1; while true; do sleep 0.1; done"]);
    await t.ok(["kill", "-s", "USR1", "k1"]);
    await waitFor(async () => (await t.ok(["logs", "k1"])).stdout.includes("got-usr1"));
    expect((await t.ok(["logs", "k1"])).stdout).toContain("got-usr1");
    expect(await status("k1")).toBe("running");
    const bad = await t.tspod(["kill", "-s", "BOGUS", "k1"]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toBe("Error: invalid signal: BOGUS\n");

    expect((await t.ok(["pause", "k1"])).stdout).toBe("k1\n");
    expect(await status("k1")).toBe("paused");
    const frozen = readFileSync(`/sys/fs/cgroup/freezer/tspod_parent/tspod-${await field("k1", "{{.Id}}")}/freezer.state`, "utf8").trim();
    expect(frozen).toBe("FROZEN");
    const ps = await t.ok(["ps", "--format", "{{.Names}} {{.Status}}"]);
    expect(ps.out.split("\n")).toContain("k1 Paused");
    const twice = await t.tspod(["pause", "k1"]);
    expect(twice.code).toBe(125);
    expect(twice.stderr).toContain("is already paused, can't pause: container state improper");
    await t.ok(["unpause", "k1"]);
    expect(await status("k1")).toBe("running");
    const notPaused = await t.tspod(["unpause", "k1"]);
    expect(notPaused.code).toBe(125);
    expect(notPaused.stderr).toContain("is not paused, can't unpause: container state improper");

    await t.ok(["kill", "-s", "9", "k1"]);
    await waitFor(async () => (await status("k1")) === "exited");
    expect(await field("k1", "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 137");
    const pauseStopped = await t.tspod(["pause", "k1"]);
    expect(pauseStopped.code).toBe(125);
    expect(pauseStopped.stderr).toBe(`Error: "exited" is not running, can't pause: container state improper\n`);
    const killStopped = await t.tspod(["kill", "k1"]);
    expect(killStopped.code).toBe(125);
    expect(killStopped.stderr).toContain("can only kill running containers.");
  });

  test("a paused container can be stopped and removed with -f", async () => {
    await stubborn("pz");
    await t.ok(["pause", "pz"]);
    await t.ok(["stop", "-t", "1", "pz"]);
    expect(await status("pz")).toBe("exited");
    await stubborn("pz2");
    await t.ok(["pause", "pz2"]);
    await t.ok(["rm", "-f", "pz2"]);
    expect((await t.tspod(["container", "exists", "pz2"])).code).toBe(1);
  });
});

describe("init, start, restart", () => {
  test("init creates the runtime container: initialized, then start runs it", async () => {
    await t.ok(["create", "--name", "in1", BB, "sleep", "1000"]);
    expect(await status("in1")).toBe("created");
    expect((await t.ok(["init", "in1"])).stdout).toBe("in1\n");
    expect(await status("in1")).toBe("initialized");
    expect((await t.ok(["ps", "-a", "--format", "{{.Names}} {{.Status}}"])).out.split("\n")).toContain("in1 Initialized");
    await t.ok(["start", "in1"]);
    expect(await status("in1")).toBe("running");
    await t.ok(["rm", "-f", "-t", "0", "in1"]);
  });

  test("start -a returns the exit code and output; start several; start --all", async () => {
    await t.ok(["create", "--name", "sa", BB, "sh", "-c", "echo attached-out; exit 4"]);
    const r = await t.tspod(["start", "-a", "sa"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("attached-out\n");
    await t.ok(["create", "--name", "sb1", BB, "sleep", "1000"]);
    await t.ok(["create", "--name", "sb2", BB, "sleep", "1000"]);
    expect((await t.ok(["start", "sb1", "sb2"])).stdout).toBe("sb1\nsb2\n");
    expect(await status("sb2")).toBe("running");
    const multi = await t.tspod(["start", "-a", "sb1", "sb2"]);
    expect(multi.code).toBe(125);
    expect(multi.stderr).toBe("Error: you cannot start and attach multiple containers at once\n");
    await t.ok(["stop", "-t", "0", "sb1", "sb2"]);
  });

  test("start -i forwards stdin", async () => {
    await t.ok(["create", "-i", "--name", "si", BB, "cat"]);
    const r = await t.tspod(["start", "-i", "si"], { stdin: "through-start\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("through-start\n");
  });

  test("restart gives a running container a new process", async () => {
    await stubborn("rs");
    const pid1 = await field("rs", "{{.State.Pid}}");
    const r = await t.ok(["restart", "-t", "0", "rs"]);
    expect(r.stdout).toBe("rs\n");
    expect(await status("rs")).toBe("running");
    expect(await field("rs", "{{.State.Pid}}")).not.toBe(pid1);
    await t.ok(["rm", "-f", "-t", "0", "rs"]);
  });
});

describe("rename, exists, update, prune", () => {
  test("rename keeps the container and refuses bad or taken names", async () => {
    await t.ok(["create", "--name", "rn1", BB, "true"]);
    await t.ok(["create", "--name", "rn2", BB, "true"]);
    const id = await field("rn1", "{{.Id}}");
    await t.ok(["rename", "rn1", "rn3"]);
    expect(await field("rn3", "{{.Id}}")).toBe(id);
    expect((await t.tspod(["container", "exists", "rn1"])).code).toBe(1);
    expect((await t.tspod(["container", "exists", "rn3"])).code).toBe(0);
    const taken = await t.tspod(["rename", "rn3", "rn2"]);
    expect(taken.code).toBe(125);
    expect(taken.stderr).toContain("name rn2 already in use");
    const bad = await t.tspod(["rename", "rn3", "bad name"]);
    expect(bad.stderr).toBe("Error: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n");
    await t.ok(["rm", "rn2", "rn3"]);
  });

  test("update changes the cgroup limits of a running container and the restart policy", async () => {
    await stubborn("up");
    const id = await field("up", "{{.Id}}");
    const r = await t.ok(["update", "--cpus", "0.5", "--memory", "64m", "--pids-limit", "77", "--cpu-shares", "512", "--restart", "always", "up"]);
    expect(r.out).toBe(id);
    const cg = (c: string, f: string) => readFileSync(`/sys/fs/cgroup/${c}/tspod_parent/tspod-${id}/${f}`, "utf8").trim();
    expect(cg("cpu", "cpu.cfs_quota_us")).toBe("50000");
    expect(cg("cpu", "cpu.shares")).toBe("512");
    expect(cg("memory", "memory.limit_in_bytes")).toBe(String(64 * 1024 * 1024));
    expect(cg("pids", "pids.max")).toBe("77");
    expect(await field("up", "{{.HostConfig.RestartPolicy.Name}}")).toBe("always");
    // inspect shows the new limits, as Podman's does
    expect(await field("up", "{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}} {{.HostConfig.NanoCpus}}")).toBe(`${64 * 1024 * 1024} 512 77 500000000`);
    await t.ok(["rm", "-f", "-t", "0", "up"]);
  });

  test("container prune -f removes stopped containers only, honouring --filter label=", async () => {
    await t.ok(["create", "--name", "pr1", "--label", "prune=yes", BB, "true"]);
    await t.ok(["create", "--name", "pr2", BB, "true"]);
    await stubborn("pr3");
    const pr1 = await field("pr1", "{{.Id}}");
    const r = await t.ok(["container", "prune", "-f", "--filter", "label=prune=yes"]);
    expect(r.out).toBe(pr1);
    expect((await t.tspod(["container", "exists", "pr2"])).code).toBe(0);
    await t.ok(["container", "prune", "-f"]);
    expect((await t.tspod(["container", "exists", "pr2"])).code).toBe(1);
    expect(await status("pr3")).toBe("running");
    await t.ok(["rm", "-f", "-t", "0", "pr3"]);
  });
});

describe("wait and rm", () => {
  test("wait --condition running prints -1; wait returns the exit codes of several containers", async () => {
    await t.ok(["create", "--name", "w1", BB, "sh", "-c", "sleep 0.5; exit 3"]);
    await t.ok(["create", "--name", "w2", BB, "sh", "-c", "exit 5"]);
    const waiting = t.tspod(["wait", "--condition", "running", "w1"]);
    await t.ok(["start", "w1", "w2"]);
    const running = await waiting;
    expect(running.out).toBe("-1");
    const r = await t.ok(["wait", "--interval", "50ms", "w1", "w2"]);
    expect(r.out).toBe("3\n5");
    const missing = await t.tspod(["wait", "nope-nope"]);
    expect(missing.code).toBe(125);
  });

  test("rm -f -t 1 stops a stubborn container within about a second", async () => {
    await stubborn("rmt");
    const start = Date.now();
    await t.ok(["rm", "-f", "-t", "1", "rmt"]);
    expect(Date.now() - start).toBeLessThan(6000);
    expect((await t.tspod(["container", "exists", "rmt"])).code).toBe(1);
  });
});

describe("restart policies (driven by conmon's exit command)", () => {
  test("on-failure:2 runs a failing container three times and leaves it exited with RestartCount 2", async () => {
    await t.ok(["run", "-d", "--name", "of", "--restart", "on-failure:2", BB, "sh", "-c", "exit 3"]);
    const done = await waitFor(async () => (await field("of", "{{.State.Status}} {{.RestartCount}}")) === "exited 2", 20_000, 100);
    expect(done).toBe(true);
    expect(await field("of", "{{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}")).toBe("3 on-failure 2");
    expect((await t.ok(["wait", "of"])).out).toBe("3");
  });

  test("always restarts a process that exits; stop ends it for good", async () => {
    await t.ok(["run", "-d", "--name", "al", "--restart", "always", BB, "sh", "-c", "sleep 0.2; exit 0"]);
    const restarted = await waitFor(async () => Number(await field("al", "{{.RestartCount}}")) >= 2, 20_000, 100);
    expect(restarted).toBe(true);
    await t.ok(["stop", "-t", "1", "al"]);
    const count = await field("al", "{{.RestartCount}}");
    await Bun.sleep(1000);
    expect(await status("al")).toBe("exited");
    expect(await field("al", "{{.RestartCount}}")).toBe(count);
  });

  test("bad policies and --rm conflicts get Podman's errors", async () => {
    const bad = await t.tspod(["create", "--restart", "bogus", BB, "true"]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toBe(`Error: running container create option: "bogus" is not a valid restart policy: invalid argument\n`);
    const rm = await t.tspod(["run", "--rm", "--restart", "always", BB, "true"]);
    expect(rm.code).toBe(125);
    expect(rm.stderr).toBe(`Error: the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"\n`);
  });

  test("--timeout kills the container after N seconds", async () => {
    const start = Date.now();
    const r = await t.tspod(["run", "--timeout", "1", BB, "sleep", "30"]);
    expect(Date.now() - start).toBeLessThan(10_000);
    // conmon reports a timed-out container as 255, as with Podman
    expect(r.code).toBe(255);
  });
});
