// Pods, more of Podman's flags: block I/O, swap and cpuset limits on the pod's cgroup, the infra
// container's --shm-size/--sysctl/--pid/--uts/--network-alias/--volumes-from, --label-file;
// pod clone with its members and create-flag overrides; pod stats and pod logs --color.

import { beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "pod-flags" });
let BB = "";
const V1 = !existsSync("/sys/fs/cgroup/cgroup.controllers");

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** The first block device under /dev (for the throttling flags), and its MAJOR:MINOR. */
function blockDevice(): { path: string; numbers: string } | undefined {
  for (const name of ["vda", "sda", "nvme0n1", "xvda"]) {
    const p = `/dev/${name}`;
    if (!existsSync(p) || !statSync(p).isBlockDevice()) continue;
    const numbers = readFileSync(`/sys/class/block/${name}/dev`, "utf8").trim();
    return { path: p, numbers };
  }
  return undefined;
}

test.if(V1)("block I/O, swap and cpuset limits land in the pod's cgroup files", async () => {
  const dev = blockDevice();
  const extra = dev ? ["--device-read-bps", `${dev.path}:1mb`, "--device-write-bps", `${dev.path}:2mb`] : [];
  const id = (await t.ok(["pod", "create", "--name", "io", "--memory", "64m", "--memory-swap", "128m", "--cpuset-cpus", "0", "--blkio-weight", "300", ...extra])).out;
  await t.ok(["run", "-d", "--pod", "io", "--name", "iom", BB, "sleep", "600"]);
  const dir = (c: string) => `/sys/fs/cgroup/${c}/tspod_parent/${id}`;
  const read = (c: string, f: string) => readFileSync(`${dir(c)}/${f}`, "utf8").trim();
  expect(read("memory", "memory.limit_in_bytes")).toBe(String(64 * 1024 * 1024));
  expect(read("memory", "memory.memsw.limit_in_bytes")).toBe(String(128 * 1024 * 1024));
  expect(read("cpuset", "cpuset.cpus")).toBe("0");
  if (existsSync(`${dir("blkio")}/blkio.bfq.weight`)) expect(read("blkio", "blkio.bfq.weight")).toMatch(/^(default )?300$/);
  if (dev) {
    expect(read("blkio", "blkio.throttle.read_bps_device")).toBe(`${dev.numbers} ${1024 * 1024}`);
    expect(read("blkio", "blkio.throttle.write_bps_device")).toBe(`${dev.numbers} ${2 * 1024 * 1024}`);
  }
  // the member lives under the pod's cpuset cgroup and sees only CPU 0
  expect((await t.ok(["exec", "iom", "cat", "/sys/fs/cgroup/cpuset/cpuset.cpus"])).out).toBe("0");
  await t.ok(["pod", "rm", "-f", "-t", "0", "io"]);
  expect(existsSync(dir("memory"))).toBe(false);
  expect(existsSync(dir("cpuset"))).toBe(false);
}, 120_000);

test("--share-parent=false: members' cgroups stay out of the pod's cgroup", async () => {
  const id = (await t.ok(["pod", "create", "--name", "loose", "--share-parent=false"])).out;
  const cg = (await t.ok(["run", "--rm", "--pod", "loose", BB, "cat", "/proc/self/cgroup"])).out;
  expect(cg).toMatch(/:\/tspod_parent\/tspod-[0-9a-f]{64}$/m);
  expect(cg).not.toContain(id);
  await t.ok(["pod", "create", "--name", "tight"]);
  const id2 = parseJson((await t.ok(["pod", "inspect", "tight"])).out).Id;
  expect((await t.ok(["run", "--rm", "--pod", "tight", BB, "cat", "/proc/self/cgroup"])).out).toContain(`/tspod_parent/${id2}/tspod-`);
  await t.ok(["pod", "rm", "-f", "-t", "0", "loose", "tight"]);
}, 120_000);

test("bad block I/O and infra flags get Podman's errors and create nothing", async () => {
  const cases: [string[], string][] = [
    [["--device-read-bps", "/dev/nosuch:1mb"], "Error: could not parse throttle device at /dev/nosuch: no such file or directory"],
    [["--device-write-bps", "/dev/null"], "Error: bad format: /dev/null"],
    [["--device-read-bps", "/dev/null:xx"], "Error: invalid rate for device: /dev/null:xx. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb"],
    [["--blkio-weight-device", "/dev/null:5"], "Error: invalid weight for device: /dev/null:5"],
    [["--sysctl", "kernel.bogus=1"], "Error: sysctl 'kernel.bogus' is not allowed"],
    [["--shm-size", "1x"], "Error: unable to translate --shm-size: invalid size: '1x'"],
    [["--volumes-from", "nosuch"], `Error: looking up container "nosuch" for volumes-from: no container with name or ID "nosuch" found: no such container`],
  ];
  for (const [flags, message] of cases) {
    const r = await t.tspod(["pod", "create", "--name", "bad", ...flags]);
    expect({ flags, code: r.code, err: r.stderr.trim() }).toEqual({ flags, code: 125, err: message });
    expect((await t.tspod(["pod", "exists", "bad"])).code).toBe(1);
  }
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  const sort = await t.tspod(["pod", "ps", "--sort", "bogus"]);
  expect([sort.code, sort.stderr.trim()]).toEqual([125, "Error: invalid option for --sort, options are: id, names, or number"]);
  const filter = await t.tspod(["pod", "ps", "--filter", "bogus=1"]);
  expect([filter.code, filter.stderr.trim()]).toEqual([125, "Error: bogus is an invalid filter"]);
}, 120_000);

test("--shm-size, --sysctl, --pid, --uts, --network-alias, --volumes-from and --label-file shape the pod", async () => {
  await t.ok(["run", "-d", "--name", "vsrc", "-v", "/data", BB, "sh", "-c", "echo from-vsrc > /data/f; sleep 600"]);
  const labels = `${t.tmp}/pod-labels`;
  writeFileSync(labels, "team=blue\n# comment\nrole=web\n");
  await t.ok(["pod", "create", "--name", "shaped", "--shm-size", "3m", "--sysctl", "net.ipv4.ip_forward=1", "--pid", "host", "--network-alias", "shapedalias", "--volumes-from", "vsrc", "--label-file", labels, "--label", "role=db"]);
  const pod = parseJson((await t.ok(["pod", "inspect", "shaped"])).out);
  expect(pod.Labels).toEqual({ team: "blue", role: "db" });
  const infra = parseJson((await t.ok(["inspect", pod.InfraContainerID])).out)[0];
  expect(infra.HostConfig.PidMode).toBe("host");
  expect(infra.HostConfig.ShmSize).toBe(3 * 1024 * 1024);
  const out = (await t.ok(["run", "--rm", "--pod", "shaped", BB, "sh", "-c", "df -k /dev/shm | tail -1; cat /proc/sys/net/ipv4/ip_forward; cat /data/f"])).out.split("\n");
  expect(out[0]).toMatch(/\s3072\s/);
  expect(out.slice(1)).toEqual(["1", "from-vsrc"]);
  // the infra container (whose network the members use) carries the alias
  expect(infra.NetworkSettings.Networks[Object.keys(infra.NetworkSettings.Networks)[0]!].Aliases).toContain("shapedalias");
  await t.ok(["pod", "rm", "-f", "-t", "0", "shaped"]);
  // --uts host: the infra container (and members sharing UTS) use the host's hostname
  await t.ok(["pod", "create", "--name", "hostuts", "--uts", "host"]);
  const host = readFileSync("/proc/sys/kernel/hostname", "utf8").trim();
  expect((await t.ok(["run", "--rm", "--pod", "hostuts", BB, "hostname"])).out).toBe(host);
  await t.ok(["pod", "rm", "-f", "-t", "0", "hostuts"]);
  await t.ok(["rm", "-f", "-t", "0", "vsrc"]);
}, 120_000);

test("pod clone copies the members too; create flags given to clone replace the settings", async () => {
  await t.ok(["pod", "create", "--name", "src", "--label", "a=b"]);
  await t.ok(["create", "--pod", "src", "--name", "web", "-v", "/anon", BB, "sh", "-c", "hostname; echo ran > /anon/x; cat /anon/x"]);
  await t.ok(["create", "--pod", "src", "--name", "db", BB, "sleep", "600"]);
  await t.ok(["pod", "clone", "--memory", "32m", "--label", "c=d", "src", "copy"]);
  const copy = parseJson((await t.ok(["pod", "inspect", "copy"])).out);
  expect(copy.Labels).toEqual({ a: "b", c: "d" });
  expect(copy.memory_limit).toBe(32 * 1024 * 1024);
  const names = copy.Containers.map((c: any) => c.Name).sort();
  expect(names).toEqual([`${copy.Id.slice(0, 12)}-infra`, "db-clone", "web-clone"].sort());
  const web = parseJson((await t.ok(["inspect", "web-clone"])).out)[0];
  expect(web.Pod).toBe(copy.Id);
  expect(web.HostConfig.NetworkMode).toBe(`container:${copy.InfraContainerID}`);
  const orig = parseJson((await t.ok(["inspect", "web"])).out)[0];
  const anon = (c: any) => c.Mounts.find((m: any) => m.Destination === "/anon").Name;
  expect(anon(web)).not.toBe(anon(orig));
  // the clone runs in the new pod, with the new pod's hostname
  expect((await t.ok(["start", "-a", "web-clone"])).out).toBe("copy\nran");
  expect(parseJson((await t.ok(["pod", "inspect", "src"])).out).State).toBe("Created");
  // a second clone takes the next free names; --destroy removes the source and its members
  await t.ok(["pod", "clone", "--destroy", "--start", "src", "copy2"]);
  const c2 = parseJson((await t.ok(["pod", "inspect", "copy2"])).out);
  expect(c2.Containers.map((c: any) => c.Name).sort()).toEqual([`${c2.Id.slice(0, 12)}-infra`, "db-clone1", "web-clone1"].sort());
  expect((await t.tspod(["pod", "exists", "src"])).code).toBe(1);
  expect((await t.tspod(["container", "exists", "web"])).code).toBe(1);
  expect((await t.ok(["inspect", "--format", "{{.State.Status}}", "db-clone1"])).out).toBe("running");

  // pod stats lists every member (idle ones with dashes) with Go's size units
  const stats = (await t.ok(["pod", "stats", "--no-stream", "copy2"])).out.split("\n");
  expect(stats).toHaveLength(4);
  const db = stats.find((l) => l.includes(" db-clone1 "))!;
  expect(db).toMatch(/\d+(\.\d+)?%\s+\d+(\.\d+)?[kMG]?B \/ \d+(\.\d+)?[kMGT]?B\s/);
  const webRow = stats.find((l) => l.includes(" web-clone1 "))!;
  expect(webRow.split(/\s{2,}/).slice(3)).toEqual(["--", "-- / --", "--", "-- / --", "-- / --", "--"]);

  const top = await t.tspod(["pod", "top", "copy2", "bogus"]);
  expect([top.code, top.stderr.trim()]).toEqual([125, "Error: 'bogus': unknown descriptor"]);

  // pod logs --color: each container's lines in their own color
  const logs = (await t.ok(["pod", "logs", "--color", "copy"])).stdout;
  expect(logs).toBe(`\x1b[31m${web.Id.slice(0, 12)} copy\x1b[0m\n\x1b[31m${web.Id.slice(0, 12)} ran\x1b[0m\n`);
  await t.ok(["pod", "rm", "-f", "-t", "0", "copy", "copy2"]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 180_000);
