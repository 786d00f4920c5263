// Pods, continued: resource limits on the pod's cgroup, infra options, clone, stats, and
// concurrent commands on one pod and its members (lock order pod before container).

import { beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { HEX64, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "pod-manage" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** A limit file of the pod's cgroup on the host (cgroup v1 controller dir, or the v2 tree). */
function cgroupFile(cgroupPath: string, v1: string, v2: string): string {
  const v1File = `/sys/fs/cgroup/${v1}${cgroupPath}/${v1 === "cpu" ? "cpu.cfs_quota_us" : "memory.limit_in_bytes"}`;
  return existsSync("/sys/fs/cgroup/cgroup.controllers") ? `/sys/fs/cgroup${cgroupPath}/${v2}` : v1File;
}

test("--memory and --cpus limit the pod's cgroup, which holds every member", async () => {
  const id = (await t.ok(["pod", "create", "--name", "lim", "--memory", "64m", "--cpus", "0.5"])).out;
  const info = parseJson((await t.ok(["pod", "inspect", "lim"])).out);
  expect([info.memory_limit, info.cpu_quota, info.cpu_period]).toEqual([64 * 1024 * 1024, 50000, 100000]);
  expect(info.CgroupPath).toBe(`/tspod_parent/${id}`);
  await t.ok(["run", "-d", "--pod", "lim", "--name", "limm", BB, "sleep", "600"]);
  const mem = readFileSync(cgroupFile(info.CgroupPath, "memory", "memory.max"), "utf8").trim();
  expect(mem).toBe(String(64 * 1024 * 1024));
  const cpu = readFileSync(cgroupFile(info.CgroupPath, "cpu", "cpu.max"), "utf8").trim();
  expect(cpu === "50000" || cpu === "50000 100000").toBe(true);
  const cg = (await t.ok(["exec", "limm", "cat", "/proc/self/cgroup"])).out;
  expect(cg).toContain(`/tspod_parent/${id}/tspod-`);
  await t.ok(["pod", "rm", "-f", "-t", "0", "lim"]);
  expect(existsSync(cgroupFile(info.CgroupPath, "memory", "memory.max").replace(/\/[^/]+$/, ""))).toBe(false);
}, 120_000);

test("--infra-name, --infra-command, --infra-image, --infra-conmon-pidfile", async () => {
  const pidfile = `${t.tmp}/infra-conmon.pid`;
  await t.ok(["pod", "create", "--name", "inf", "--infra-name", "holder", "--infra-image", BB, "--infra-command", "sleep", "--infra-conmon-pidfile", pidfile]);
  const info = parseJson((await t.ok(["pod", "inspect", "inf"])).out);
  expect(info.Containers.map((c: any) => c.Name)).toEqual(["holder"]);
  const holder = parseJson((await t.ok(["inspect", "holder"])).out)[0];
  expect(holder.ImageName).toBe(BB);
  // busybox `sleep` with no argument fails: the infra command is what runs
  await t.ok(["pod", "create", "--name", "inf2", "--infra-name", "holder2", "--infra-image", BB, "--infra-command", '["sleep","600"]', "--infra-conmon-pidfile", pidfile]);
  await t.ok(["pod", "start", "inf2"]);
  const h2 = parseJson((await t.ok(["inspect", "holder2"])).out)[0];
  expect(h2.State.Status).toBe("running");
  expect((await t.ok(["top", "holder2", "args"])).out).toContain("sleep 600");
  expect(Number(readFileSync(pidfile, "utf8").trim())).toBe(h2.State.ConmonPid);
  // a member's start brings the infra container up, and the pid file follows
  await t.ok(["pod", "stop", "-t", "0", "inf2"]);
  rmSync(pidfile);
  await t.ok(["run", "-d", "--pod", "inf2", BB, "sleep", "600"]);
  const again = parseJson((await t.ok(["inspect", "holder2"])).out)[0];
  expect(again.State.ConmonPid).not.toBe(h2.State.ConmonPid);
  expect(Number(readFileSync(pidfile, "utf8").trim())).toBe(again.State.ConmonPid);
  await t.ok(["pod", "rm", "-f", "-t", "0", "inf", "inf2"]);
}, 120_000);

test("pod clone copies the settings; --destroy removes the original; pod stats lists members", async () => {
  await t.ok(["pod", "create", "--name", "orig", "--label", "k=v", "--share", "ipc,uts", "--hostname", "hh"]);
  const cloneId = (await t.ok(["pod", "clone", "orig"])).out;
  expect(cloneId).toMatch(HEX64);
  const c = parseJson((await t.ok(["pod", "inspect", "orig-clone"])).out);
  expect([c.Labels, c.SharedNamespaces, c.Hostname]).toEqual([{ k: "v" }, ["ipc", "uts"], "hh"]);
  await t.ok(["pod", "clone", "--destroy", "--name", "moved", "--start", "orig"]);
  expect((await t.tspod(["pod", "exists", "orig"])).code).toBe(1);
  expect((await t.ok(["pod", "ps", "--filter", "name=^moved$", "--format", "{{.Status}}"])).out).toBe("Running");

  await t.ok(["run", "-d", "--pod", "moved", "--name", "busy", BB, "sleep", "600"]);
  const stats = (await t.ok(["pod", "stats", "--no-stream", "moved"])).out.split("\n");
  expect(stats[0]).toMatch(/^POD\s+CID\s+NAME\s+CPU %\s+MEM USAGE\/ LIMIT\s+MEM %\s+NET IO\s+BLOCK IO\s+PIDS$/);
  const names = stats.slice(1).map((l) => l.split(/\s+/)[2]!);
  expect(names).toHaveLength(2);
  expect(names).toContain("busy");
  expect(names.filter((n) => n.endsWith("-infra"))).toHaveLength(1);
  await t.ok(["pod", "rm", "-f", "-t", "0", "-a"]);
}, 120_000);

test("concurrent runs into one pod and a concurrent pod rm -f leave no member behind", async () => {
  for (let round = 0; round < 3; round++) {
    const pod = `race${round}`;
    await t.ok(["pod", "create", "--name", pod]);
    const runs = Array.from({ length: 6 }, (_, i) => t.tspod(["run", "-d", "--pod", pod, "--name", `${pod}-m${i}`, BB, "sleep", "600"], { timeout: 90_000 }));
    await new Promise((r) => setTimeout(r, 150 * round));
    const rm = t.tspod(["pod", "rm", "-f", "-t", "0", pod], { timeout: 90_000 });
    const results = await Promise.all([...runs, rm]);
    for (const r of results) {
      // each command either worked or lost the race with Podman's errors
      if (r.code !== 0) expect(r.stderr).toMatch(/no pod with name or ID|no container with|no such container|no such pod/);
    }
    const rmResult = results[results.length - 1]!;
    if (rmResult.code !== 0) await t.ok(["pod", "rm", "-f", "-t", "0", pod]);
    expect((await t.tspod(["pod", "exists", pod])).code).toBe(1);
    // no container may claim a pod that is gone
    const left = parseJson<any[]>((await t.ok(["ps", "-a", "--format", "json"])).stdout).filter((c) => c.Names[0].startsWith(pod));
    expect(left.map((c) => c.Names[0])).toEqual([]);
  }
}, 240_000);

test("concurrent pod stop, start and member starts keep a consistent state", async () => {
  await t.ok(["pod", "create", "--name", "churn"]);
  for (let i = 0; i < 3; i++) await t.ok(["create", "--pod", "churn", "--name", `b${i}`, BB, "sleep", "600"]);
  const infraId = (await t.ok(["pod", "inspect", "--format", "{{.InfraContainerID}}", "churn"])).out;
  for (let round = 0; round < 3; round++) {
    const ops = [
      t.tspod(["pod", "start", "churn"]),
      t.tspod(["start", "b0"]),
      t.tspod(["start", "b1"]),
      t.tspod(["pod", "stop", "-t", "0", "churn"]),
      t.tspod(["start", "b2"]),
      t.tspod(["pod", "start", "churn"]),
    ];
    const results = await Promise.all(ops);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    // members that run are in the infra container's network namespace, never in a stale one
    const pids = parseJson<any[]>((await t.ok(["ps", "--filter", "pod=churn", "--format", "json"])).stdout).map((c) => [c.Id, c.Pid]);
    const infraPid = pids.find(([id]) => id === infraId)?.[1];
    if (pids.length > 1) expect(infraPid).toBeGreaterThan(0);
    for (const [, pid] of pids) expect(readlinkSync(`/proc/${pid}/ns/net`)).toBe(readlinkSync(`/proc/${infraPid}/ns/net`));
  }
  // a final pod start brings everything up, and the status agrees
  await t.ok(["pod", "start", "churn"]);
  const st = (await t.ok(["pod", "ps", "--filter", "name=^churn$", "--format", "{{.Status}} {{.ContainerStatuses}}", "--ctr-status"])).out;
  expect(st).toBe("Running running,running,running,running");
  await t.ok(["pod", "stop", "-t", "0", "churn"]);
  await waitFor(async () => ((await t.ok(["pod", "ps", "--filter", "name=^churn$", "--format", "{{.Status}}"])).out === "Exited" ? true : undefined));
  await t.ok(["pod", "rm", "churn"]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 180_000);

test("concurrent pod creates on a fresh store build the infra image once", async () => {
  const store = t.newStore("fresh-pods");
  const creates = await Promise.all(Array.from({ length: 4 }, (_, i) => t.tspod(["pod", "create", "--name", `fp${i}`], { store, timeout: 90_000 })));
  expect(creates.map((r) => [r.code, r.stderr])).toEqual(Array.from({ length: 4 }, () => [0, ""]));
  const images = (await t.ok(["images", "--format", "{{.Repository}}:{{.Tag}}"], { store })).out.split("\n");
  expect(images).toHaveLength(1);
  expect(images[0]).toMatch(/^localhost\/tspod-pause:/);
  expect((await t.ok(["pod", "ps", "-q"], { store })).out.split("\n")).toHaveLength(4);
  await t.ok(["pod", "rm", "-a"], { store });
}, 120_000);

test("pod --volume: the pod's volumes exist from create on and every member mounts them", async () => {
  const dir = `${t.tmp}/pod-share`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/f`, "from-host\n");
  const before = (await t.ok(["volume", "ls", "-q"])).out;
  await t.ok(["pod", "create", "--name", "vols", "-v", `${dir}:/data:ro`, "-v", "podvol:/shared", "-v", "/anon"]);
  const vols = (await t.ok(["volume", "ls", "-q"])).out.split("\n");
  expect(vols).toContain("podvol");
  const mounts = parseJson((await t.ok(["pod", "inspect", "vols"])).out).mounts.map((m: any) => [m.Type, m.Destination]);
  expect(mounts.sort()).toEqual([["bind", "/data"], ["volume", "/anon"], ["volume", "/shared"]]);
  await t.ok(["run", "--rm", "--pod", "vols", BB, "sh", "-c", "echo written-by-one > /shared/note; echo anon-too > /anon/x"]);
  expect((await t.ok(["run", "--rm", "--pod", "vols", BB, "sh", "-c", "cat /data/f /shared/note /anon/x"])).out).toBe("from-host\nwritten-by-one\nanon-too");
  expect((await t.tspod(["run", "--rm", "--pod", "vols", BB, "touch", "/data/z"])).stderr).toContain("Read-only file system");
  // pod rm takes the anonymous volume along, not the named one
  await t.ok(["pod", "rm", "-f", "-t", "0", "vols"]);
  expect((await t.ok(["volume", "ls", "-q"])).out.split("\n").filter((v) => v && v !== "podvol")).toEqual(before ? before.split("\n") : []);
  await t.ok(["volume", "rm", "podvol"]);
}, 120_000);

test("pod create -p publishes a port of the pod: a member's server answers on the host", async () => {
  const { createServer } = await import("node:net");
  const hostPort: number = await new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  await t.ok(["pod", "create", "--name", "pub", "-p", `${hostPort}:80`, "--add-host", "db.example:10.1.2.3"]);
  const info = parseJson((await t.ok(["pod", "inspect", "pub"])).out);
  expect(info.InfraConfig.PortBindings).toEqual({ "80/tcp": [{ HostIp: "", HostPort: String(hostPort) }] });
  await t.ok(["run", "-d", "--pod", "pub", "--name", "web", BB, "sh", "-c", "mkdir /w && echo up-from-pod > /w/index.html && exec httpd -f -p 80 -h /w"]);
  const get = () => fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(1500) }).then((r) => r.text(), () => "");
  expect(await waitFor(async () => ((await get()) ? get() : undefined), 10_000, 100)).toBe("up-from-pod\n");
  // the infra container got the pod's network flags
  expect((await t.ok(["inspect", "--format", "{{json .HostConfig.ExtraHosts}}", info.InfraContainerID])).out).toBe(`["db.example:10.1.2.3"]`);
  await t.ok(["pod", "rm", "-f", "-t", "0", "pub"]);
  expect(await get()).toBe("");
}, 120_000);
