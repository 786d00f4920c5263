import { describe, expect, test } from "bun:test";
import { generateSpec, tmpfsOptions } from "./generate-spec.ts";
import type { SpecInput } from "./spec-options.ts";
import { buildNamespaces, joinContainerNamespaces, namespaceDependencies, parseNamespaceMode } from "./spec-namespaces.ts";
import { parseCpuList, parseMemory, parseNanoCpus, ramInBytes } from "../util/parse-units.ts";
import { parseSecurityOpts } from "./security-opts.ts";
import { checkSysctl, parseSysctls } from "./sysctl-rules.ts";
import { buildResources } from "./spec-resources.ts";

const GROUP = "root:x:0:\nwheel:x:10:\nusers:x:100:\n";
const PASSWD = "root:x:0:0:root:/root:/bin/sh\n";

function input(over: Partial<SpecInput> = {}): SpecInput {
  return {
    id: "a".repeat(64),
    name: "t",
    imageConfig: { Env: ["FROM_IMAGE=1"] },
    command: ["sleep", "1"],
    env: {},
    tty: false,
    stdin: false,
    network: { mode: "private" },
    rootfsPath: "/rootfs",
    extraMounts: [],
    cgroupsPath: "/p/c",
    defaults: { capabilities: ["CHOWN"], ulimits: [], env: ["PATH=/bin", "TERM=xterm"], pidsLimit: 2048 },
    hostLimits: {},
    arch: "x64",
    passwd: PASSWD,
    group: GROUP,
    ...over,
  };
}

describe("units", () => {
  test("memory sizes are binary like Podman's", () => {
    expect(ramInBytes("64m")).toBe(64 * 1024 * 1024);
    expect(ramInBytes("1.5g")).toBe(1.5 * 1024 ** 3);
    expect(ramInBytes("512")).toBe(512);
    expect(ramInBytes("10MiB")).toBe(10 * 1024 * 1024);
    expect(() => parseMemory("abc")).toThrow("invalid value for memory: invalid size: 'abc'");
    expect(parseMemory("-1", true)).toBe(-1);
  });
  test("cpus and cpu lists", () => {
    expect(parseNanoCpus("1.5")).toBe(1_500_000_000);
    expect(parseNanoCpus(".5")).toBe(500_000_000);
    expect(() => parseNanoCpus("x")).toThrow('strconv.ParseFloat: parsing "x"');
    expect(parseCpuList("0-2,5")).toEqual([0, 1, 2, 5]);
    expect(parseCpuList("2-1")).toBeUndefined();
  });
});

describe("resources", () => {
  test("memory, cpu, pids and device rules", () => {
    const r = buildResources({
      privileged: false,
      pidsLimit: 10,
      resources: { memory: 100, memoryReservation: 50, cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, cpusetCpus: "0" },
      devices: [{ path: "/dev/x", type: "c", major: 1, minor: 3, fileMode: 0o20666, uid: 0, gid: 0, access: "r" }],
    });
    expect(r).toEqual({
      devices: [{ allow: false, access: "rwm" }, { allow: true, type: "c", major: 1, minor: 3, access: "r" }],
      memory: { limit: 100, reservation: 50, swap: 200 },
      cpu: { shares: 512, quota: 50000, period: 100000, cpus: "0" },
      pids: { limit: 10 },
    });
  });
  test("Podman's consistency errors", () => {
    expect(() => buildResources({ privileged: false, resources: { memorySwap: 10 } })).toThrow("you should always set a memory limit");
    expect(() => buildResources({ privileged: false, resources: { memory: 20, memorySwap: 10 } })).toThrow("minimum memoryswap limit");
    expect(() => buildResources({ privileged: false, resources: { cpuPeriod: 10 } })).toThrow("CPU cfs period");
    expect(buildResources({ privileged: false, resources: { memory: 20, memorySwap: -1 } }).memory).toEqual({ limit: 20, swap: -1 });
  });
});

describe("namespaces", () => {
  test("modes", () => {
    expect(parseNamespaceMode("host")).toEqual({ mode: "host" });
    expect(parseNamespaceMode("private")).toEqual({ mode: "private" });
    expect(parseNamespaceMode("ns:/proc/1/ns/pid")).toEqual({ mode: "path", path: "/proc/1/ns/pid" });
    expect(parseNamespaceMode("container:web")).toEqual({ mode: "container", id: "web" });
    expect(() => parseNamespaceMode("bogus")).toThrow("unrecognized namespace mode bogus passed");
  });
  test("host drops the namespace, container: is resolved at init", () => {
    const ns = buildNamespaces({ mode: "private" }, { pid: { mode: "host" }, ipc: { mode: "container", id: "abc" }, cgroup: { mode: "private" } });
    expect(ns).toEqual([{ type: "network" }, { type: "ipc", path: "container:abc" }, { type: "uts" }, { type: "mount" }, { type: "cgroup" }]);
    const spec = generateSpec(input({ namespaces: { ipc: { mode: "container", id: "abc" } } })).spec;
    expect(namespaceDependencies(spec)).toEqual(["abc"]);
    const joined = joinContainerNamespaces(spec, (id) => (id === "abc" ? 42 : undefined));
    expect(joined.linux.namespaces.find((n) => n.type === "ipc")).toEqual({ type: "ipc", path: "/proc/42/ns/ipc" });
    expect(() => joinContainerNamespaces(spec, () => undefined)).toThrow("not running");
  });
  test("no hostname without a private UTS namespace", () => {
    expect(generateSpec(input({ namespaces: { uts: { mode: "host" } } })).spec.hostname).toBeUndefined();
    expect(generateSpec(input()).spec.hostname).toBe("aaaaaaaaaaaa");
    expect(() => generateSpec(input({ hostname: "h", namespaces: { uts: { mode: "host" } } }))).toThrow(
      "invalid config provided: cannot set hostname when running in the host UTS namespace: invalid configuration",
    );
  });
});

describe("security options", () => {
  test("parsing", () => {
    const s = parseSecurityOpts(["no-new-privileges", "seccomp=unconfined", "mask=/a:/b", "unmask=/proc/keys", "label=disable"]);
    expect(s).toMatchObject({ noNewPrivileges: true, seccomp: "unconfined", mask: ["/a", "/b"], unmask: ["/proc/keys"], labels: ["disable"] });
    expect(s.recorded).toEqual(["no-new-privileges", "seccomp=unconfined", "label=disable"]);
    expect(() => parseSecurityOpts(["foo"])).toThrow('invalid --security-opt 1: "foo"');
    expect(() => parseSecurityOpts(["foo=bar"])).toThrow('invalid --security-opt 2: "foo=bar"');
  });
  test("mask/unmask change the spec's masked and read-only paths", () => {
    const spec = generateSpec(input({ security: { mask: ["/etc/secret"], unmask: ["/proc/keys"], noNewPrivileges: true } })).spec;
    expect(spec.linux.maskedPaths).toContain("/etc/secret");
    expect(spec.linux.maskedPaths).not.toContain("/proc/keys");
    expect(spec.process.noNewPrivileges).toBe(true);
    const all = generateSpec(input({ security: { unmask: ["ALL"] } })).spec;
    expect(all.linux.maskedPaths).toEqual([]);
    expect(all.linux.readonlyPaths).toEqual([]);
  });
});

describe("sysctls", () => {
  test("only namespaced keys, not of a host namespace", () => {
    expect(parseSysctls(["net.a=1", "kernel.sem = 1 2"])).toEqual({ "net.a": "1", "kernel.sem": "1 2" });
    expect(() => parseSysctls(["foo"])).toThrow("foo is invalid, sysctl values must be in the form of KEY=VALUE");
    expect(() => checkSysctl("kernel.foo", {})).toThrow("sysctl 'kernel.foo' is not allowed");
    expect(() => checkSysctl("kernel.shmmax", { ipc: { mode: "host" } })).toThrow("IPC Namespace set to host");
    expect(() => checkSysctl("kernel.hostname", { uts: { mode: "host" } })).toThrow("UTS Namespace set to host");
    expect(() => checkSysctl("fs.mqueue.msg_max", {})).not.toThrow();
  });
});

describe("process and mounts", () => {
  test("--init wraps the command and mounts the binary; not with a shared pid namespace", () => {
    const out = generateSpec(input({ initPath: "/usr/bin/catatonit" }));
    expect(out.spec.process.args).toEqual(["/run/podman-init", "--", "sleep", "1"]);
    expect(out.spec.mounts).toContainEqual({ destination: "/run/podman-init", type: "bind", source: "/usr/bin/catatonit", options: ["bind", "ro", "rprivate"] });
    expect(() => generateSpec(input({ initPath: "/x", namespaces: { pid: { mode: "host" } } }))).toThrow("cannot add init binary as PID 1");
  });
  test("umask, group-add, oom score, tz, tmpfs", () => {
    const out = generateSpec(input({ user: "0:0", umask: 0o077, groupAdd: ["wheel", "100"], oomScoreAdj: 5, localtime: "/zone", tmpfs: { "/scratch": "size=1m" } }));
    expect(out.spec.process.user).toEqual({ uid: 0, gid: 0, umask: 0o077, additionalGids: [0, 10, 100] });
    expect(out.spec.process.oomScoreAdj).toBe(5);
    expect(out.spec.mounts).toContainEqual({ destination: "/etc/localtime", type: "bind", source: "/zone", options: ["bind", "ro", "rprivate"] });
    expect(out.spec.mounts).toContainEqual({ destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["size=1m", "rw", "rprivate", "nosuid", "nodev", "tmpcopyup"] });
    expect(() => generateSpec(input({ groupAdd: ["nosuch"] }))).toThrow("unable to find group nosuch");
    expect(tmpfsOptions("ro,notmpcopyup")).toEqual(["ro", "rprivate", "nosuid", "nodev"]);
  });
  test("--unsetenv and --unsetenv-all", () => {
    expect(generateSpec(input({ unsetEnv: ["TERM", "FROM_IMAGE"] })).env).toEqual(["PATH=/bin", "container=podman", "HOME=/root", "HOSTNAME=aaaaaaaaaaaa"]);
    expect(generateSpec(input({ unsetEnvAll: true, env: { A: "1" } })).env).toEqual(["A=1"]);
  });
  test("devices become device nodes and cgroup rules", () => {
    const spec = generateSpec(input({ devices: [{ path: "/dev/x", type: "c", major: 1, minor: 3, fileMode: 0o20666, uid: 0, gid: 0, access: "rw" }] })).spec;
    expect(spec.linux.devices).toEqual([{ path: "/dev/x", type: "c", major: 1, minor: 3, fileMode: 0o20666, uid: 0, gid: 0 }]);
    expect(spec.linux.resources?.devices?.[1]).toEqual({ allow: true, type: "c", major: 1, minor: 3, access: "rw" });
  });
});
