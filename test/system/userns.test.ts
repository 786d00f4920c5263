// User namespaces (`--userns`, `--uidmap`, `--gidmap`) for containers and pods, and the pod's
// shared /dev/shm: the infra container's shm tmpfs on the host, bound by members.

import { beforeAll, expect, test } from "bun:test";
import fs from "node:fs";
import { mountsUnder, parseJson, systemSetup, TSPOD } from "./harness.ts";

const t = systemSetup({ name: "userns" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** `cat /proc/self/uid_map` lines with the spaces squeezed. */
function squeeze(text: string): string[] {
  return text.split("\n").map((l) => l.trim().split(/\s+/).join(" ")).filter(Boolean);
}

function hostUidOf(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("Uid:"))!;
  return Number(line.split(/\s+/)[1]);
}

test("run --uidmap: the container's root is the mapped host id, its files belong to it, and exec joins it", async () => {
  await t.ok(["run", "-d", "--name", "mapped", "--uidmap", "0:100000:65536", BB, "sh", "-c", "echo hi > /tmp/made; sleep 600"]);
  const maps = squeeze((await t.ok(["exec", "mapped", "cat", "/proc/self/uid_map", "/proc/self/gid_map"])).out);
  expect(maps).toEqual(["0 100000 65536", "0 100000 65536"]);
  const info = parseJson((await t.ok(["inspect", "mapped"])).out)[0];
  expect(hostUidOf(info.State.Pid)).toBe(100000);
  expect(info.HostConfig.UsernsMode).toBe("private");
  expect(info.HostConfig.IDMappings).toEqual({ UidMap: ["0:100000:65536"], GidMap: ["0:100000:65536"] });
  // inside, the image's files and the engine's bind mounts belong to root; on the host to 100000
  expect((await t.ok(["exec", "mapped", "stat", "-c", "%u:%g", "/bin/busybox", "/etc/hosts", "/tmp/made"])).out).toBe("0:0\n0:0\n0:0");
  const upper = `${t.root}/containers/${info.Id}/upper`;
  expect(fs.statSync(`${upper}/tmp/made`).uid).toBe(100000);
  expect(fs.statSync(`${upper}/bin/busybox`).uid).toBe(100000);
  // the network namespace is owned by the user namespace: bridge networking and net sysctls work
  expect((await t.ok(["exec", "mapped", "cat", "/proc/sys/net/ipv4/ping_group_range"])).out).toBe("0\t0");
  expect((await t.ok(["exec", "mapped", "ip", "-4", "addr", "show", "eth0"])).out).toMatch(/inet \d+\.\d+\.\d+\.\d+\//);
  // another container joins it
  const ns = (await t.ok(["exec", "mapped", "readlink", "/proc/self/ns/user"])).out;
  const joined = (await t.ok(["run", "--rm", "--userns", "container:mapped", BB, "sh", "-c", "readlink /proc/self/ns/user; cat /proc/self/uid_map"])).out.split("\n");
  expect(joined[0]).toBe(ns);
  expect(squeeze(joined[1]!)).toEqual(["0 100000 65536"]);
  // commit and export record the container's ids, not the host's
  await t.ok(["commit", "-q", "mapped", "localhost/mapped-commit"]);
  expect((await t.ok(["run", "--rm", "localhost/mapped-commit", "stat", "-c", "%u:%g %n", "/tmp/made", "/bin/busybox"])).out).toBe("0:0 /tmp/made\n0:0 /bin/busybox");
  const tar = Bun.spawnSync({ cmd: ["sh", "-c", `${[TSPOD, "--root", t.root, "--runroot", t.runroot].join(" ")} export mapped | tar -tvf - tmp/made bin/busybox`], stdout: "pipe", stderr: "pipe" });
  expect(tar.stdout.toString().split("\n").filter(Boolean).map((l) => l.split(/\s+/)[1])).toEqual(["0/0", "0/0"]);
  await t.ok(["rmi", "localhost/mapped-commit"]);
  // without mappings the host's user namespace is used
  expect(squeeze((await t.ok(["run", "--rm", BB, "cat", "/proc/self/uid_map"])).out)).toEqual(["0 0 4294967295"]);
  await t.ok(["rm", "-f", "-t", "0", "mapped"]);
}, 120_000);

test("--gidmap alone maps both; host network gets /sys bound; a restart keeps the files right", async () => {
  const out = (await t.ok(["run", "--rm", "--gidmap", "0:200000:5000", "--network", "host", BB, "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; ls /sys/kernel >/dev/null && echo sys-ok"])).out;
  expect(squeeze(out)).toEqual(["0 200000 5000", "0 200000 5000", "sys-ok"]);
  await t.ok(["create", "--name", "again", "--uidmap", "0:300000:65536", "--uidmap", "65536:400000:1", "--network", "none", BB, "sh", "-c", "id -u; stat -c %u /bin/sh; cat /proc/self/uid_map"]);
  await t.ok(["start", "-a", "again"]);
  const second = squeeze((await t.ok(["start", "-a", "again"])).out);
  expect(second).toEqual(["0", "0", "0 300000 65536", "65536 400000 1"]);
  await t.ok(["rm", "again"]);
}, 120_000);

test("bad --userns and mapping values get Podman's errors", async () => {
  const cases: [string[], string][] = [
    [["--uidmap", "0:100000"], `Error: initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ["0:100000"]`],
    [["--gidmap", "a:b:c"], `Error: initializing ID mappings: GID setting is malformed expected ["uint32:uint32:uint32"]: ["a:b:c"]`],
    [["--uidmap", "0:100000:10", "--userns", "host"], "Error: --userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive"],
    [["--userns", "private"], "Error: must provide at least one UID or GID mapping to configure a user namespace"],
    [["--userns", "keep-id"], "Error: keep-id is only supported in rootless mode"],
    [["--userns", "nomap"], "Error: nomap is only supported in rootless mode"],
    [["--userns", "bogus"], "Error: unrecognized namespace mode bogus passed"],
    [["--userns", "container:nosuch"], `Error: looking up container to share user namespace with: no container with name or ID "nosuch" found: no such container`],
    [["--subuidname", "no-such-user-here"], `Error: no subuid ranges found for user "no-such-user-here" in /etc/subuid`],
  ];
  for (const [flags, message] of cases) {
    const r = await t.tspod(["run", "--rm", ...flags, BB, "true"]);
    expect({ flags, code: r.code, err: r.stderr.trim() }).toEqual({ flags, code: 125, err: message });
  }
  // --userns=auto takes a range of the `containers` user in /etc/subuid
  const hasContainers = (() => {
    try {
      return /^containers:/m.test(fs.readFileSync("/etc/subuid", "utf8"));
    } catch {
      return false;
    }
  })();
  const auto = await t.tspod(["run", "--rm", "--userns", "auto", BB, "cat", "/proc/self/uid_map"]);
  if (hasContainers) expect(auto.code).toBe(0);
  else expect([auto.code, auto.stderr.trim()]).toEqual([125, "Error: creating container storage: could not find enough available IDs"]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 120_000);

test("pod create --uidmap: the infra container gets the user namespace and members join it", async () => {
  await t.ok(["pod", "create", "--name", "upod", "--uidmap", "0:100000:65536"]);
  const pod = parseJson((await t.ok(["pod", "inspect", "upod"])).out);
  expect(pod.SharedNamespaces).toEqual(["ipc", "net", "user", "uts"]);
  expect(pod.InfraConfig.userns).toBe("private");
  await t.ok(["run", "-d", "--pod", "upod", "--name", "um1", BB, "sleep", "600"]);
  const infra = parseJson((await t.ok(["inspect", pod.InfraContainerID])).out)[0];
  expect(infra.HostConfig.IDMappings.UidMap).toEqual(["0:100000:65536"]);
  expect(hostUidOf(infra.State.Pid)).toBe(100000);
  const infraNs = fs.readlinkSync(`/proc/${infra.State.Pid}/ns/user`);
  const member = parseJson((await t.ok(["inspect", "um1"])).out)[0];
  expect(member.HostConfig.UsernsMode).toBe(`container:${pod.InfraContainerID}`);
  expect((await t.ok(["exec", "um1", "readlink", "/proc/self/ns/user"])).out).toBe(infraNs);
  const seen = (await t.ok(["run", "--rm", "--pod", "upod", BB, "sh", "-c", "cat /proc/self/uid_map; readlink /proc/self/ns/user; stat -c %u /bin/busybox; hostname"])).out.split("\n");
  expect(squeeze(seen[0]!)).toEqual(["0 100000 65536"]);
  expect(seen.slice(1)).toEqual([infraNs, "0", "upod"]);
  // a member that asks for its own mapping keeps it
  expect(squeeze((await t.ok(["run", "--rm", "--pod", "upod", "--userns", "host", "--network", "none", "--ipc", "private", "--uts", "private", BB, "cat", "/proc/self/uid_map"])).out)).toEqual(["0 0 4294967295"]);
  // the clone has the same mappings
  await t.ok(["pod", "clone", "--name", "upod2", "upod"]);
  expect(parseJson((await t.ok(["pod", "inspect", "upod2"])).out).SharedNamespaces).toContain("user");
  await t.ok(["pod", "rm", "-f", "-t", "0", "upod", "upod2"]);
  // bad pod --userns values: the pod is not created
  const bad = await t.tspod(["pod", "create", "--name", "badu", "--userns", "keep-id"]);
  expect([bad.code, bad.stderr.trim()]).toEqual([125, "Error: keep-id is only supported in rootless mode"]);
  expect((await t.tspod(["pod", "exists", "badu"])).code).toBe(1);
}, 180_000);

test("pod members share the infra container's /dev/shm; other containers do not; removal unmounts it", async () => {
  await t.ok(["pod", "create", "--name", "shmpod", "--shm-size", "2m"]);
  await t.ok(["run", "-d", "--pod", "shmpod", "--name", "shm1", BB, "sleep", "600"]);
  await t.ok(["run", "--rm", "--pod", "shmpod", BB, "sh", "-c", "echo shared > /dev/shm/note"]);
  expect((await t.ok(["exec", "shm1", "cat", "/dev/shm/note"])).out).toBe("shared");
  expect((await t.ok(["exec", "shm1", "df", "-k", "/dev/shm"])).out).toMatch(/\s2048\s/);
  const outsider = await t.tspod(["run", "--rm", BB, "ls", "/dev/shm"]);
  expect([outsider.code, outsider.out]).toEqual([0, ""]);
  const pod = parseJson((await t.ok(["pod", "inspect", "shmpod"])).out);
  const shm = `${t.root}/containers/${pod.InfraContainerID}/shm`;
  expect(mountsUnder(shm)).toEqual([shm]);
  expect(fs.readFileSync(`${shm}/note`, "utf8")).toBe("shared\n");
  // a pod that does not share IPC gives members their own /dev/shm
  await t.ok(["pod", "create", "--name", "noipc", "--share", "net,uts"]);
  await t.ok(["run", "--rm", "--pod", "noipc", BB, "sh", "-c", "echo x > /dev/shm/y"]);
  expect((await t.ok(["run", "--rm", "--pod", "noipc", BB, "ls", "/dev/shm"])).out).toBe("");
  // stopping the pod unmounts the infra's shm; starting mounts a fresh one
  await t.ok(["pod", "stop", "-t", "0", "shmpod"]);
  expect(mountsUnder(shm)).toEqual([]);
  await t.ok(["pod", "start", "shmpod"]);
  expect(mountsUnder(shm)).toEqual([shm]);
  expect((await t.ok(["exec", "shm1", "ls", "/dev/shm"])).out).toBe("");
  await t.ok(["pod", "rm", "-f", "-t", "0", "shmpod", "noipc"]);
  expect(mountsUnder(shm)).toEqual([]);
  // `--ipc shareable` and `--ipc container:` share /dev/shm between plain containers too
  await t.ok(["run", "-d", "--name", "owner", "--ipc", "shareable", BB, "sleep", "600"]);
  await t.ok(["exec", "owner", "sh", "-c", "echo mine > /dev/shm/o"]);
  expect((await t.ok(["run", "--rm", "--ipc", "container:owner", BB, "cat", "/dev/shm/o"])).out).toBe("mine");
  expect((await t.ok(["inspect", "--format", "{{.HostConfig.IpcMode}}", "owner"])).out).toBe("shareable");
  await t.ok(["rm", "-f", "-t", "0", "owner"]);
  expect(mountsUnder(`${t.root}/containers`)).toEqual([]);
}, 180_000);
