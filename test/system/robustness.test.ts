// Robustness: many concurrent tspod processes on one store, racing commands, tspod and conmon
// killed at bad moments, a simulated reboot, and Podman's answers to bad input.

import { beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TSPOD, conmonPids, mountsUnder, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "robustness" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

async function psAll(): Promise<any[]> {
  return parseJson<any[]>((await t.ok(["ps", "-a", "--format", "json"])).stdout);
}

/** Runs `fn` over `items` with at most `width` at a time (this machine has 2 cores). */
async function inBatches<T, R>(items: T[], width: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

function failures(rs: { code: number; cmd: string; stderr: string }[]): string[] {
  return rs.filter((r) => r.code !== 0).map((r) => `${r.cmd} → ${r.code}: ${r.stderr.trim()}`);
}

test("50 containers started by concurrent processes; ps and rm -f race on them", async () => {
  const names = Array.from({ length: 50 }, (_, i) => `r${i}`);
  const runs = await inBatches(names, 10, (n) => t.tspod(["run", "-d", "--name", n, BB, "sleep", "300"], { timeout: 120_000 }));
  expect(failures(runs)).toEqual([]);
  let list = await psAll();
  expect(list.map((c) => c.Names[0]).sort()).toEqual([...names].sort());
  expect(new Set(list.map((c) => c.Id)).size).toBe(50);
  expect(list.every((c) => c.State === "running")).toBe(true);
  expect(conmonPids(t.tmp)).toHaveLength(50);

  // Every container gets two racing `rm -f` and a `ps` alongside: each is removed exactly once.
  const raced = await inBatches(names, 8, async (n) => {
    const [a, b, ps] = await Promise.all([
      t.tspod(["rm", "-f", n], { timeout: 120_000 }),
      t.tspod(["rm", "-f", n], { timeout: 120_000 }),
      t.tspod(["ps", "-a", "--format", "{{.Names}}"], { timeout: 120_000 }),
    ]);
    return { n, a, b, ps };
  });
  for (const { n, a, b, ps } of raced) {
    expect([a.code, b.code]).toEqual([0, 0]); // Podman: rm -f of a container already gone succeeds
    expect([a.out, b.out].filter((o) => o === n).length).toBeGreaterThanOrEqual(1);
    expect(ps.code).toBe(0);
    const seen = ps.out.split("\n").filter(Boolean);
    expect(new Set(seen).size).toBe(seen.length); // no duplicate records
  }
  list = await psAll();
  expect(list).toEqual([]);
  expect(await waitFor(() => conmonPids(t.tmp).length === 0, 15_000)).toBe(true);
  expect(mountsUnder(t.root)).toEqual([]);
  // a removed container's events: exactly one remove each
  const removes = (await t.ok(["events", "--stream=false", "--filter", "event=remove", "--format", "{{.Name}}"])).out.split("\n");
  for (const n of names) expect(removes.filter((r) => r === n)).toHaveLength(1);
}, 600_000);

test("tspod SIGKILLed mid-run leaves records that ps shows and rm -af cleans", async () => {
  const delays = [20, 60, 100, 140, 180, 220, 260, 320];
  await inBatches(delays, 4, async (ms) => {
    const proc = Bun.spawn([TSPOD, "--root", t.root, "--runroot", t.runroot, "run", "-d", "--name", `k${ms}`, BB, "sleep", "300"], {
      stdout: "ignore",
      stderr: "ignore",
      env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf },
    });
    await Bun.sleep(ms);
    proc.kill("SIGKILL");
    await proc.exited;
  });
  const list = await psAll();
  const names = list.map((c) => c.Names[0]);
  expect(new Set(names).size).toBe(names.length);
  for (const c of list) expect(["created", "initialized", "running", "exited", "configured"]).toContain(c.State);
  const rm = await t.tspod(["rm", "-af"], { timeout: 120_000 });
  expect(rm.code).toBe(0);
  // rm -f stops with the stop timeout first: only Podman's "resorting to SIGKILL" warnings may appear
  expect(rm.stderr.split("\n").filter((l) => l && !l.includes("resorting to SIGKILL"))).toEqual([]);
  expect(await psAll()).toEqual([]);
  expect(await waitFor(() => conmonPids(t.tmp).length === 0, 15_000)).toBe(true);
  expect(mountsUnder(t.root)).toEqual([]);
  expect(readdirSync(join(t.root, "containers"))).toEqual([]);
}, 300_000);

test("conmon SIGKILLed: ps tells the truth and rm -f leaves no mounts or cgroups", async () => {
  const id = (await t.ok(["run", "-d", "--name", "orphan", BB, "sleep", "300"])).out;
  const conmon = Number((await t.ok(["inspect", "--format", "{{.State.ConmonPid}}", id])).out);
  const pid = Number((await t.ok(["inspect", "--format", "{{.State.Pid}}", id])).out);
  process.kill(conmon, "SIGKILL");
  await waitFor(() => !existsSync(`/proc/${conmon}/cmdline`) || conmonPids(t.tmp).length === 0, 5_000);
  // the container's process outlives its monitor: still running, as Podman shows it
  expect((await t.ok(["ps", "--format", "{{.Names}} {{.State}}"])).out).toBe("orphan running");
  await t.ok(["rm", "-f", "orphan"]);
  expect(await waitFor(() => !existsSync(`/proc/${pid}/status`) || /State:\s+Z/.test(Bun.file(`/proc/${pid}/status`).toString()), 5_000)).toBe(true);
  expect(mountsUnder(t.root)).toEqual([]);
  expect(existsSync(`/sys/fs/cgroup/pids/tspod_parent/tspod-${id}`)).toBe(false);
  expect(existsSync(`/sys/fs/cgroup/memory/tspod_parent/tspod-${id}`)).toBe(false);

  // when the container's process is gone too, the container is exited
  const id2 = (await t.ok(["run", "-d", "--name", "orphan2", BB, "sleep", "300"])).out;
  const conmon2 = Number((await t.ok(["inspect", "--format", "{{.State.ConmonPid}}", id2])).out);
  const pid2 = Number((await t.ok(["inspect", "--format", "{{.State.Pid}}", id2])).out);
  process.kill(conmon2, "SIGKILL");
  process.kill(pid2, "SIGKILL");
  expect(await waitFor(async () => (await t.ok(["ps", "-a", "--format", "{{.Names}} {{.State}}"])).out === "orphan2 exited", 5_000, 100)).toBe(true);
  await t.ok(["rm", "-f", "orphan2"]);
  expect(mountsUnder(t.root)).toEqual([]);
});

test("after a reboot (run root gone) containers are reset and can start again", async () => {
  const running = (await t.ok(["run", "-d", "--name", "boot-run", BB, "sleep", "300"])).out;
  await t.ok(["create", "--name", "boot-created", BB, "true"]);
  await t.ok(["run", "--name", "boot-exited", BB, "sh", "-c", "exit 4"]).catch(() => undefined);
  // "power off": the monitor and the container die, the tmpfs run root and the mounts vanish
  const conmon = Number((await t.ok(["inspect", "--format", "{{.State.ConmonPid}}", running])).out);
  const pid = Number((await t.ok(["inspect", "--format", "{{.State.Pid}}", running])).out);
  process.kill(conmon, "SIGKILL");
  process.kill(pid, "SIGKILL");
  await waitFor(() => conmonPids(t.tmp).length === 0, 5_000);
  // (the run root holds the containers' network namespaces: they go with the reboot too)
  for (const m of [...mountsUnder(t.root), ...mountsUnder(t.runroot)].sort().reverse()) Bun.spawnSync(["umount", "-l", m]);
  rmSync(t.runroot, { recursive: true, force: true });

  const states = (await t.ok(["ps", "-a", "--format", "{{.Names}} {{.State}}"])).out.split("\n").sort();
  expect(states).toEqual(["boot-created created", "boot-exited exited", "boot-run exited"]);
  expect(existsSync(join(t.runroot, "alive"))).toBe(true);
  await t.ok(["start", "boot-run"]);
  expect((await t.ok(["ps", "--format", "{{.Names}} {{.State}}"])).out).toBe("boot-run running");
  await t.ok(["rm", "-af"]);
  expect(mountsUnder(t.root)).toEqual([]);
});

test("bad input: Podman's messages and exit codes, and nothing is lost", async () => {
  await t.ok(["create", "--name", "keep", BB, "true"]);
  const cases: [string[], number, string][] = [
    [["run", "--bogus", BB, "true"], 125, "Error: unknown flag: --bogus\nSee 'tspod run --help'"],
    [["ps", "-n", "abc"], 125, `Error: invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'tspod ps --help'`],
    [["run", "--pull", "bogus", BB], 125, 'Error: unsupported pull policy "bogus"'],
    [["rm", "nope"], 1, 'Error: no container with name or ID "nope" found: no such container'],
    [["start", "nope"], 125, 'Error: no container with name or ID "nope" found: no such container'],
    [["logs", "nope"], 125, 'Error: no container with name or ID "nope" found: no such container'],
    [["wait", "nope"], 125, 'Error: no container with name or ID "nope" found: no such container'],
    [["events", "--filter", "nonsense"], 125, "Error: nonsense is an invalid filter"],
  ];
  for (const [args, code, message] of cases) {
    const r = await t.tspod(args);
    expect({ args, code: r.code, stderr: r.stderr.trim() }).toEqual({ args, code, stderr: expect.stringContaining(message) });
  }
  const dup = await t.tspod(["create", "--name", "keep", BB, "true"]);
  expect(dup.code).toBe(125);
  expect(dup.stderr).toMatch(/^Error: creating container storage: the container name "keep" is already in use by [0-9a-f]{64}\. You have to remove that container to be able to reuse that name: that name is already in use\n$/);
  expect((await t.tspod(["rm", "-f", "nope"])).code).toBe(0);
  const running = (await t.ok(["run", "-d", "--name", "busy", BB, "sleep", "300"])).out;
  const busy = await t.tspod(["rm", "busy"]);
  expect(busy.code).toBe(2);
  expect(busy.stderr).toContain(`cannot remove container ${running} as it is running - running or paused containers cannot be removed without force`);
  expect((await t.ok(["ps", "-a", "--format", "{{.Names}}"])).out.split("\n").sort()).toEqual(["busy", "keep"]);
  await t.ok(["rm", "-af"]);
});
