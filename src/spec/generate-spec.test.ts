import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generateSpec } from "./generate-spec.ts";
import type { OciMount, OciSpec } from "./oci-spec-types.ts";
import type { SpecInput } from "./spec-options.ts";

/** config.json written by Podman 4.3.1 on this host for
 * `podman create --network none localhost/bb sh -c 'echo hi'` (rootful, runc, containers.conf
 * with default_ulimits nofile=1024:1024 and nproc=4096:4096). */
const FIXTURE: OciSpec = JSON.parse(readFileSync(join(import.meta.dir, "testdata/podman-4.3.1-base-config.json"), "utf8"));
const SECCOMP = "/usr/share/containers/seccomp.json";
const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nalice:x:1000:1000::/home/alice:/bin/sh\n";
const GROUP = "root:x:0:\nwheel:x:10:alice\nalice:x:1000:\nusers:x:100:alice,bob\n";
const DEFAULT_CAPS = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const ID = "e492872b66ddb3cdf0217fc86be4c7d77e662f15fc00ddab562b2d46975ef510";
const ENGINE_MOUNTS: OciMount[] = FIXTURE.mounts.filter((m) => m.type === "bind");

function input(over: Partial<SpecInput> = {}): SpecInput {
  return {
    id: ID,
    name: "base",
    imageConfig: {},
    command: ["sh", "-c", "echo hi"],
    env: {},
    tty: false,
    stdin: false,
    network: { mode: "none" },
    rootfsPath: FIXTURE.root.path,
    extraMounts: ENGINE_MOUNTS,
    cgroupsPath: FIXTURE.linux.cgroupsPath!,
    created: FIXTURE.annotations!["io.kubernetes.cri-o.Created"],
    defaults: {
      capabilities: DEFAULT_CAPS,
      ulimits: ["nofile=1024:1024", "nproc=4096:4096"],
      env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
      pidsLimit: 2048,
      shmSize: "65536k",
      sysctls: ["net.ipv4.ping_group_range=0 0"],
    },
    hostLimits: { RLIMIT_NOFILE: { soft: 1024, hard: 20000 }, RLIMIT_NPROC: { soft: 96365, hard: 96365 } },
    seccompProfile: existsSync(SECCOMP) ? JSON.parse(readFileSync(SECCOMP, "utf8")) : undefined,
    arch: "x64",
    passwd: PASSWD,
    group: GROUP,
    ...over,
  };
}

describe("generateSpec against Podman 4.3.1's config.json", () => {
  test.skipIf(!existsSync(SECCOMP))("the whole spec matches (env order aside: Podman's is Go map order)", () => {
    const out = generateSpec(input());
    const ours = structuredClone(out.spec);
    const theirs = structuredClone(FIXTURE);
    ours.process.env.sort();
    theirs.process.env.sort();
    expect(ours).toEqual(theirs);
  });
  test("output summary", () => {
    const out = generateSpec(input());
    expect(out.command).toEqual(["sh", "-c", "echo hi"]);
    expect(out.user).toEqual({ uid: 0, gid: 0, additionalGids: [] });
    expect(out.env).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=podman", "HOME=/root", "HOSTNAME=e492872b66dd"]);
    expect(out.spec.hostname).toBe("e492872b66dd");
  });
});

describe("generateSpec rules", () => {
  test("namespaces per network mode; never a cgroup namespace", () => {
    const ns = (n: SpecInput["network"]) => generateSpec(input({ network: n })).spec.linux.namespaces;
    expect(ns({ mode: "none" })).toEqual([{ type: "pid" }, { type: "network" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }]);
    expect(ns({ mode: "private" })).toEqual([{ type: "pid" }, { type: "network" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }]);
    expect(ns({ mode: "host" })).toEqual([{ type: "pid" }, { type: "ipc" }, { type: "uts" }, { type: "mount" }]);
    expect(ns({ mode: "path", path: "/run/netns/x" })[1]).toEqual({ type: "network", path: "/run/netns/x" });
  });
  test("host network: host's hostname, no net.* default sysctls, net.* user sysctl refused", () => {
    const spec = generateSpec(input({ network: { mode: "host" }, hostHostname: "vm" })).spec;
    expect(spec.hostname).toBe("vm");
    expect(spec.process.env).toContain("HOSTNAME=vm");
    expect(spec.linux.sysctl).toBeUndefined();
    expect(() => generateSpec(input({ network: { mode: "host" }, sysctls: { "net.ipv4.ip_forward": "1" } })))
      .toThrow("sysctl net.ipv4.ip_forward can't be set since Network Namespace set to host");
  });
  test("--hostname and user sysctls", () => {
    const spec = generateSpec(input({ hostname: "hh", sysctls: { "kernel.msgmax": "1000" } })).spec;
    expect(spec.hostname).toBe("hh");
    expect(spec.linux.sysctl).toEqual({ "net.ipv4.ping_group_range": "0 0", "kernel.msgmax": "1000" });
  });
  test("-u alice -t with an image config (Podman 4.3.1: process section)", () => {
    const out = generateSpec(input({
      user: "alice",
      tty: true,
      stdin: true,
      command: [],
      env: { FOO: "user", NEW: "1" },
      imageConfig: { Env: ["PATH=/opt/bin:/bin", "FOO=img", "BAR=img"], WorkingDir: "/work", Entrypoint: ["/bin/sh", "-c"], Cmd: ["echo image-cmd"], StopSignal: "SIGQUIT" },
    }));
    const p = out.spec.process;
    expect(p.terminal).toBe(true);
    expect(p.user).toEqual({ uid: 1000, gid: 1000, umask: 18, additionalGids: [1000, 10, 100] });
    expect(p.args).toEqual(["/bin/sh", "-c", "echo image-cmd"]);
    expect([...p.env].sort()).toEqual(["PATH=/opt/bin:/bin", "TERM=xterm", "container=podman", "FOO=user", "BAR=img", "NEW=1", "HOME=/home/alice", `HOSTNAME=${ID.slice(0, 12)}`].sort());
    expect(p.cwd).toBe("/work");
    expect(Object.keys(p.capabilities!)).toEqual(["bounding"]);
    expect(out.spec.annotations?.["io.kubernetes.cri-o.TTY"]).toBe("true");
    expect(out.spec.annotations?.["org.opencontainers.image.stopSignal"]).toBe("3");
  });
  test("image User applies when -u is not given", () => {
    expect(generateSpec(input({ imageConfig: { User: "1000:100" } })).user).toEqual({ uid: 1000, gid: 100, additionalGids: [100] });
  });
  test("unknown user is Podman's error", () => {
    expect(() => generateSpec(input({ user: "nosuch" }))).toThrow("unable to find user nosuch: no matching entries in passwd file");
  });
  test("-u 1000:100 --cap-add net_admin --cap-drop CAP_CHOWN --ulimit nofile=100:200 --ulimit core=-1", () => {
    const p = generateSpec(input({ user: "1000:100", capAdd: ["net_admin"], capDrop: ["CAP_CHOWN"], ulimits: ["nofile=100:200", "core=-1"] })).spec.process;
    expect(p.capabilities?.effective).toEqual(["CAP_NET_ADMIN"]);
    expect(p.capabilities?.ambient).toEqual(["CAP_NET_ADMIN"]);
    expect(p.capabilities?.bounding).not.toContain("CAP_CHOWN");
    expect(p.rlimits).toEqual([
      { type: "RLIMIT_NOFILE", soft: 100, hard: 200 },
      { type: "RLIMIT_CORE", soft: 18446744073709551615n, hard: 18446744073709551615n },
      { type: "RLIMIT_NPROC", soft: 96365, hard: 96365 },
    ]);
  });
  test("--privileged: all caps, rw /sys, no seccomp, masked or readonly paths, host devices", () => {
    const dev = { path: "/dev/null", type: "c", major: 1, minor: 3, fileMode: 8630, uid: 0, gid: 0 };
    const spec = generateSpec(input({ privileged: true, hostDevices: [dev] })).spec;
    expect(spec.process.capabilities?.bounding?.length).toBe(41);
    expect(spec.linux.seccomp).toBeUndefined();
    expect(spec.linux.maskedPaths).toBeUndefined();
    expect(spec.linux.readonlyPaths).toBeUndefined();
    expect(spec.linux.devices).toEqual([dev]);
    expect(spec.linux.resources?.devices).toEqual([{ allow: true, access: "rwm" }]);
    expect(spec.linux.resources?.pids).toEqual({ limit: 2048 });
    expect(spec.mounts.find((m) => m.destination === "/sys")?.options).toEqual(["rprivate", "nosuid", "noexec", "nodev", "rw"]);
    expect(spec.annotations?.["io.podman.annotations.privileged"]).toBe("TRUE");
  });
  test("--read-only -w /tmp --pids-limit 5", () => {
    const spec = generateSpec(input({ readOnly: true, workdir: "/tmp", pidsLimit: 5 })).spec;
    expect(spec.root).toEqual({ path: FIXTURE.root.path, readonly: true });
    expect(spec.process.cwd).toBe("/tmp");
    expect(spec.linux.resources?.pids).toEqual({ limit: 5 });
    expect(spec.mounts.filter((m) => m.type === "tmpfs" && m.options?.includes("tmpcopyup")).map((m) => m.destination).sort()).toEqual(["/run", "/tmp", "/var/tmp"]);
    expect(spec.mounts.find((m) => m.destination === "/etc/hosts")?.options).toEqual(["bind", "rprivate", "ro", "nosuid", "noexec", "nodev"]);
  });
  test("pids limit 0 or -1 means none", () => {
    expect(generateSpec(input({ pidsLimit: 0 })).spec.linux.resources?.pids).toBeUndefined();
    expect(generateSpec(input({ pidsLimit: -1 })).spec.linux.resources?.pids).toBeUndefined();
  });
  test("no seccomp profile means unconfined", () => {
    expect(generateSpec(input({ seccompProfile: undefined })).spec.linux.seccomp).toBeUndefined();
  });
  test("without an engine /dev/shm a tmpfs of shm-size is mounted", () => {
    const spec = generateSpec(input({ extraMounts: [], shmSize: "10m" })).spec;
    expect(spec.mounts.find((m) => m.destination === "/dev/shm")).toEqual({
      destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=10485760"],
    });
  });
  test("annotations: defaults, stop signal, user overrides; no Created without a time", () => {
    const a = generateSpec(input({ created: undefined, stopSignal: "SIGKILL", autoRemove: true, annotations: { "io.container.manager": "x", mine: "1" } })).spec.annotations;
    expect(a).toEqual({
      "io.container.manager": "x",
      "io.kubernetes.cri-o.TTY": "false",
      "io.podman.annotations.autoremove": "TRUE",
      "io.podman.annotations.init": "FALSE",
      "io.podman.annotations.privileged": "FALSE",
      "io.podman.annotations.publish-all": "FALSE",
      "org.opencontainers.image.stopSignal": "9",
      mine: "1",
    });
  });
  test("default ulimits are clamped to the host hard limit", () => {
    const r = generateSpec(input({ defaults: { ...input().defaults, ulimits: ["nofile=1048576:1048576"] } })).spec.process.rlimits;
    expect(r).toEqual([{ type: "RLIMIT_NOFILE", soft: 20000, hard: 20000 }, { type: "RLIMIT_NPROC", soft: 96365, hard: 96365 }]);
  });
  test("noNewPrivileges and oomScoreAdj are left out", () => {
    const p = generateSpec(input()).spec.process;
    expect("noNewPrivileges" in p).toBe(false);
    expect("oomScoreAdj" in p).toBe(false);
    expect("terminal" in p).toBe(false);
  });
});
