// ps (filters, sort, sizes, templates, JSON) and container inspect (Podman 4.3.1's JSON shape)
// with real conmon + runc containers.

import { beforeAll, describe, expect, test } from "bun:test";
import { readlinkSync } from "node:fs";
import { HEX12, HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "ps-inspect" });
let BB = "";
const ids: Record<string, string> = {};

// Key lists recorded from `podman container inspect` / `podman ps --format json` (Podman 4.3.1)
// of a busybox container run the same way here.
const PODMAN_TOP = ["Id", "Created", "Path", "Args", "State", "Image", "ImageDigest", "ImageName", "Rootfs", "Pod", "ResolvConfPath", "HostnamePath", "HostsPath", "StaticDir", "OCIConfigPath", "OCIRuntime", "ConmonPidFile", "PidFile", "Name", "RestartCount", "Driver", "MountLabel", "ProcessLabel", "AppArmorProfile", "EffectiveCaps", "BoundingCaps", "ExecIDs", "GraphDriver", "Mounts", "Dependencies", "NetworkSettings", "Namespace", "IsInfra", "IsService", "Config", "HostConfig"];
const PODMAN_STATE_RUNNING = ["OciVersion", "Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ConmonPid", "ExitCode", "Error", "StartedAt", "FinishedAt", "Health", "CgroupPath", "CheckpointedAt", "RestoredAt"];
const PODMAN_STATE_CREATED = ["OciVersion", "Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt", "Health", "CheckpointedAt", "RestoredAt"];
const PODMAN_CONFIG = ["Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint", "OnBuild", "Labels", "Annotations", "StopSignal", "HealthcheckOnFailureAction", "CreateCommand", "Umask", "Timeout", "StopTimeout", "Passwd", "sdNotifyMode"];
const PODMAN_HOSTCONFIG = ["Binds", "CgroupManager", "CgroupMode", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings", "RestartPolicy", "AutoRemove", "VolumeDriver", "VolumesFrom", "CapAdd", "CapDrop", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup", "Cgroups", "Links", "OomScoreAdj", "PidMode", "Privileged", "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt", "Tmpfs", "UTSMode", "UsernsMode", "ShmSize", "Runtime", "ConsoleSize", "Isolation", "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight", "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices", "DiskQuota", "KernelMemory", "MemoryReservation", "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "CgroupConf"];
const PODMAN_NETWORK_NONE = ["EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "MacAddress", "Bridge", "SandboxID", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen", "Ports", "SandboxKey"];
/** a container on the default bridge network: Podman adds the per-network endpoints */
const PODMAN_NETWORK_BRIDGE = [...PODMAN_NETWORK_NONE, "Networks"];
const PODMAN_PS_JSON = ["AutoRemove", "Command", "CreatedAt", "Exited", "ExitedAt", "ExitCode", "Id", "Image", "ImageID", "IsInfra", "Labels", "Mounts", "Names", "Namespaces", "Networks", "Pid", "Pod", "PodName", "Ports", "Size", "StartedAt", "State", "Status", "Created"];
// Health and HealthcheckOnFailureAction belong to the healthcheck work: allowed to be absent here.
const HEALTH_KEYS = ["Health", "HealthcheckOnFailureAction"];

/** Podman's keys in Podman's order, minus the health keys tspod may not print yet. */
function expectKeys(obj: object, podman: string[]): void {
  const ours = Object.keys(obj).filter((k) => !HEALTH_KEYS.includes(k));
  expect(ours).toEqual(podman.filter((k) => !HEALTH_KEYS.includes(k)));
}

async function names(args: string[]): Promise<string[]> {
  const r = await t.ok(["ps", ...args, "--format", "{{.Names}}"]);
  return r.out === "" ? [] : r.out.split("\n");
}

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  ids.run = (await t.ok(["run", "-d", "--name", "pi-run", "-l", "a=b", "-l", "tier=web", BB, "sleep", "1000"])).out;
  ids.created = (await t.ok(["create", "--name", "pi-created", "-l", "a=c", BB])).out;
  await t.tspod(["run", "--name", "pi-exit3", BB, "sh", "-c", "exit 3"]);
  ids.exit3 = (await t.ok(["inspect", "--format", "{{.Id}}", "pi-exit3"])).out;
  await t.ok(["run", "--name", "pi-write", BB, "sh", "-c", "dd if=/dev/zero of=/big bs=1000 count=50 2>/dev/null"]);
  ids.write = (await t.ok(["inspect", "--format", "{{.Id}}", "pi-write"])).out;
}, 120_000);

const ALL = ["pi-run", "pi-created", "pi-exit3", "pi-write"];

describe("ps listing", () => {
  test("default shows running containers only, -a all of them oldest first, with Podman's headers", async () => {
    const r = await t.ok(["ps"]);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(lines.slice(1).map((l) => l.split(/ +/).at(-1))).toEqual(["pi-run"]);
    expect(lines[1]).toMatch(/^[0-9a-f]{12} .* sleep 1000 .* Up .* pi-run$/);
    expect(await names(["-a"])).toEqual(ALL);
    const a = (await t.ok(["ps", "-a"])).out;
    expect(a).toMatch(/Exited \(3\) .* ago/);
    expect(a).toContain("Created");
  });

  test("-q prints short ids, --no-trunc full ids and commands", async () => {
    const q = (await t.ok(["ps", "-aq"])).out.split("\n");
    expect(q).toHaveLength(4);
    for (const id of q) expect(id).toMatch(HEX12);
    expect(q[0]).toBe(ids.run!.slice(0, 12));
    const full = (await t.ok(["ps", "-a", "-q", "--no-trunc"])).out.split("\n");
    for (const id of full) expect(id).toMatch(HEX64);
    const cmd = await t.ok(["ps", "-a", "--filter", "name=pi-write", "--format", "{{.Command}}"]);
    expect(cmd.out).toBe("sh -c dd if=/dev/...");
    const long = await t.ok(["ps", "-a", "--no-trunc", "--filter", "name=pi-write", "--format", "{{.Command}}"]);
    expect(long.out).toBe("sh -c dd if=/dev/zero of=/big bs=1000 count=50 2>/dev/null");
  });

  test("-n N and -l pick the newest containers in any state", async () => {
    expect(await names(["-n", "2"])).toEqual(["pi-exit3", "pi-write"]);
    expect(await names(["-l"])).toEqual(["pi-write"]);
    expect(await names(["-n", "1", "--filter", "status=running"])).toEqual(["pi-run"]);
  });

  test("--ns shows the namespace ids of running containers", async () => {
    const r = await t.ok(["ps", "--ns"]);
    const [header, row] = r.out.split("\n");
    expect(header).toMatch(/^CONTAINER ID +NAMES +PID +CGROUPNS +IPC +MNT +NET +PIDNS +USERNS +UTS$/);
    const cols = row!.split(/ +/);
    const pid = Number(cols[2]);
    expect(cols[6]).toBe(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/net`))![1]);
    const json = parseJson<any[]>((await t.ok(["ps", "--ns", "--format", "json"])).stdout)[0];
    expect(Object.keys(json.Namespaces)).toEqual(["Mnt", "Cgroup", "Ipc", "Net", "Pidns", "Uts", "User"]);
    expect(json.Namespaces.Pidns).toBe(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/pid`))![1]);
  });

  test("--noheading drops the header", async () => {
    const r = await t.ok(["ps", "--noheading"]);
    expect(r.out.split("\n")).toHaveLength(1);
    expect(r.out).not.toContain("CONTAINER ID");
  });
});

describe("ps --filter", () => {
  const cases: [string[], string[]][] = [
    [["status=running"], ["pi-run"]],
    [["status=created"], ["pi-created"]],
    [["status=exited"], ["pi-exit3", "pi-write"]],
    [["status=paused"], []],
    [["status=running", "status=created"], ["pi-run", "pi-created"]],
    [["name=pi-e"], ["pi-exit3"]],
    [["name=^pi-(run|write)$"], ["pi-run", "pi-write"]],
    [["name=run", "name=created"], ["pi-run", "pi-created"]],
    [["label=a"], ["pi-run", "pi-created"]],
    [["label=a=b"], ["pi-run"]],
    [["label=a=zzz"], []],
    [["label=a", "label=tier=web"], ["pi-run"]],
    [["exited=3"], ["pi-exit3"]],
    [["exited=0"], ["pi-write"]],
    [["before=pi-exit3"], ["pi-run", "pi-created"]],
    [["since=pi-created"], ["pi-exit3", "pi-write"]],
    [["health=healthy"], []],
    [["health=none"], []],
    [["volume=nosuchvolume"], []],
    [["network=nosuchnet"], []],
    [["pod=nosuchpod"], []],
    [["status=exited", "label=a"], []],
    [["status=exited", "name=write"], ["pi-write"]],
  ];
  for (const [filters, expected] of cases) {
    test(`${filters.join(" ")} → ${expected.join(",") || "nothing"}`, async () => {
      expect(await names(["-a", ...filters.flatMap((f) => ["--filter", f])])).toEqual(expected);
    });
  }

  test("id= matches the id, ancestor= the image by name, repository or id", async () => {
    expect(await names(["-a", "--filter", `id=${ids.created!.slice(0, 10)}`])).toEqual(["pi-created"]);
    expect(await names(["-a", "--filter", `id=${ids.run}`])).toEqual(["pi-run"]);
    const imageId = (await t.ok(["inspect", "--format", "{{.Image}}", "pi-run"])).out;
    const imageName = (await t.ok(["inspect", "--format", "{{.ImageName}}", "pi-run"])).out;
    expect(await names(["-a", "--filter", `ancestor=${imageId}`])).toEqual(ALL);
    expect(await names(["-a", "--filter", `ancestor=${imageName}`])).toEqual(ALL);
    expect(await names(["-a", "--filter", `ancestor=${imageName.replace(/:latest$/, "")}`])).toEqual(ALL);
    expect(await names(["-a", "--filter", "ancestor=nosuchimage"])).toEqual([]);
    // without -a only running containers are filtered (a status filter implies -a)
    expect(await names(["--filter", `ancestor=${imageId}`])).toEqual(["pi-run"]);
    expect(await names(["--filter", "status=exited"])).toEqual(["pi-exit3", "pi-write"]);
  });

  test("bad filters fail with Podman's messages and exit 125", async () => {
    const bad: [string, string][] = [
      ["bogus=1", "Error: bogus is an invalid filter"],
      ["status=bogus", "Error: unknown container state: bogus: invalid argument"],
      ["status=exited,running", 'Error: invalid filter "running"'],
      ["before=nosuchctr", 'Error: no container with name or ID "nosuchctr" found: no such container'],
      ["exited=x", "Error: exited code out of range"],
    ];
    for (const [f, msg] of bad) {
      const r = await t.tspod(["ps", "-a", "--filter", f]);
      expect(r.code).toBe(125);
      expect(r.stderr).toContain(msg);
      expect(r.stdout).toBe("");
    }
  });
});

describe("ps --sort", () => {
  test("every sort key orders ascending like Podman", async () => {
    expect(await names(["-a", "--sort", "names"])).toEqual(["pi-created", "pi-exit3", "pi-run", "pi-write"]);
    expect(await names(["-a", "--sort", "created"])).toEqual(ALL);
    expect(await names(["-a", "--sort", "runningfor"])).toEqual(ALL);
    const byId = Object.entries(ids).sort((a, b) => a[1].localeCompare(b[1])).map(([k]) => `pi-${k}`);
    expect(await names(["-a", "--sort", "id"])).toEqual(byId);
    // commands: "sh", "sh -c dd…", "sh -c exit 3", "sleep 1000"
    expect(await names(["-a", "--sort", "command"])).toEqual(["pi-created", "pi-write", "pi-exit3", "pi-run"]);
    // statuses: "Created" < "Exited (0)…" < "Exited (3)…" < "Up …"
    expect(await names(["-a", "--sort", "status"])).toEqual(["pi-created", "pi-write", "pi-exit3", "pi-run"]);
    expect(await names(["-a", "--sort", "image"])).toHaveLength(4);
    const bySize = await names(["-a", "-s", "--sort", "size"]);
    expect(bySize.at(-1)).toBe("pi-write");
  });

  test("an unknown key is refused with Podman's message", async () => {
    const r = await t.tspod(["ps", "--sort", "bogus"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('invalid argument "bogus" for "--sort" flag: "bogus" is not a valid value.  Choose from: "command, created, id, image, names, runningfor, size, status"');
  });
});

describe("ps --size", () => {
  test("SIZE column: rw layer bytes and the image's virtual size", async () => {
    const r = await t.ok(["ps", "-a", "-s"]);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/NAMES +SIZE$/);
    const write = lines.find((l) => l.includes("pi-write"))!;
    expect(write).toMatch(/ 5\d\.?\d*kB \(virtual \d+(\.\d+)?MB\)$/);
    const json = parseJson<any[]>((await t.ok(["ps", "-a", "-s", "--format", "json"])).stdout);
    const w = json.find((c) => c.Names[0] === "pi-write");
    const c = json.find((c) => c.Names[0] === "pi-created");
    expect(w.Size.rwSize).toBeGreaterThanOrEqual(50_000);
    expect(w.Size.rwSize).toBeLessThan(60_000);
    expect(c.Size.rwSize).toBeLessThan(1000);
    // busybox: one layer with a ~2 MB static binary
    expect(w.Size.rootFsSize).toBeGreaterThan(1_000_000);
    expect(w.Size.rootFsSize).toBe(c.Size.rootFsSize);
    // without --size Podman prints "Size": null
    const plain = parseJson<any[]>((await t.ok(["ps", "-a", "--format", "json"])).stdout);
    expect(plain[0].Size).toBeNull();
  });

  test("the rw size grows when the container writes a file", async () => {
    const size = async () => parseJson<any[]>((await t.ok(["ps", "-s", "--filter", "name=pi-run", "--format", "json"])).stdout)[0].Size.rwSize as number;
    const before = await size();
    await t.ok(["exec", "pi-run", "sh", "-c", "dd if=/dev/zero of=/tmp/grow bs=1000 count=123 2>/dev/null"]);
    expect((await size()) - before).toBe(123_000);
    const inspected = parseJson<any[]>((await t.ok(["container", "inspect", "--size", "pi-run"])).stdout)[0];
    expect(inspected.SizeRw).toBe(before + 123_000);
    expect(inspected.SizeRootFs).toBeGreaterThan(1_000_000);
    expect((await t.ok(["ps", "--filter", "name=pi-run", "--format", "{{.Size}}"])).out).toBe("");
  });
});

describe("ps --format", () => {
  test("Podman's template fields", async () => {
    const fields = ["ID", "Image", "ImageID", "Command", "CreatedHuman", "CreatedAt", "Created", "RunningFor", "Status", "State", "Ports", "Names", "Labels", "Mounts", "Networks", "Size", "Pid", "Pod", "PodName", "Exited", "ExitCode", "ExitedAt", "StartedAt", "AutoRemove", "IsInfra", "Namespaces"];
    const fmt = fields.map((f) => `{{.${f}}}`).join("|");
    const line = (await t.ok(["ps", "-a", "--filter", "name=pi-exit3", "--format", fmt])).out.split("|");
    const v = Object.fromEntries(fields.map((f, i) => [f, line[i]]));
    expect(v.ID).toBe(ids.exit3!.slice(0, 12));
    expect(v.ImageID).toMatch(HEX12);
    expect(v.Command).toBe("sh -c exit 3");
    expect(v.CreatedHuman).toMatch(/ago$/);
    expect(v.RunningFor).toMatch(/ago$/);
    expect(v.CreatedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    expect(v.Created).toBe(v.CreatedAt);
    expect(v.Status).toMatch(/^Exited \(3\) .* ago$/);
    expect(v.State).toBe("exited");
    expect(v.Names).toBe("pi-exit3");
    expect(v.Labels).toBe("map[]");
    expect(v.Pid).toBe("0");
    expect(v.Exited).toBe("true");
    expect(v.ExitCode).toBe("3");
    expect(Number(v.ExitedAt)).toBeGreaterThan(1_600_000_000);
    expect(Number(v.StartedAt)).toBeGreaterThan(1_600_000_000);
    expect(v.AutoRemove).toBe("false");
    expect(v.IsInfra).toBe("false");
    const running = await t.ok(["ps", "--format", "{{.Labels}} {{.Pid}} {{.State}} {{.ExitedAt}}"]);
    expect(running.out).toMatch(/^map\[a:b tier:web\] [1-9]\d* running -62135596800$/);
  });

  test("table templates get Podman's headers", async () => {
    const r = await t.ok(["ps", "-a", "--format", "table {{.ID}} {{.Names}} {{.CreatedHuman}} {{.RunningFor}} {{.Pod}} {{.PodName}} {{.ExitCode}}"]);
    expect(r.out.split("\n")[0]).toMatch(/^CONTAINER ID +NAMES +CREATED +RUNNING FOR +POD ID +PODNAME +EXIT CODE$/);
  });

  test("json has Podman's keys in Podman's order, 2-space indent", async () => {
    const r = await t.ok(["ps", "-a", "--format", "json"]);
    expect(r.stdout.startsWith('[\n  {\n    "AutoRemove"')).toBe(true);
    const list = parseJson<any[]>(r.stdout);
    expect(list.map((c) => c.Names[0])).toEqual(ALL);
    for (const c of list) expect(Object.keys(c)).toEqual(PODMAN_PS_JSON);
    const run = list[0];
    expect(run.Id).toBe(ids.run);
    expect(run.State).toBe("running");
    expect(run.Labels).toEqual({ a: "b", tier: "web" });
    expect(run.Pid).toBeGreaterThan(0);
    expect(run.ExitedAt).toBe(-62135596800);
    const created = list[1];
    expect(created.State).toBe("created");
    expect(created.StartedAt).toBe(-62135596800);
    expect(list[2].ExitCode).toBe(3);
    expect(list[2].Exited).toBe(true);
  });
});

describe("container inspect", () => {
  test("a running container has Podman's keys in Podman's order", async () => {
    const c = parseJson<any[]>((await t.ok(["container", "inspect", "pi-run"])).stdout)[0];
    expectKeys(c, PODMAN_TOP);
    expectKeys(c.State, PODMAN_STATE_RUNNING);
    expectKeys(c.Config, PODMAN_CONFIG);
    expectKeys(c.HostConfig, PODMAN_HOSTCONFIG);
    expectKeys(c.NetworkSettings, PODMAN_NETWORK_BRIDGE);
    expectKeys(c.NetworkSettings.Networks.podman, ["EndpointID", "Gateway", "IPAddress", "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "MacAddress", "NetworkID", "DriverOpts", "IPAMConfig", "Links", "Aliases"]);
    expect(c.State.Status).toBe("running");
    expect(c.State.ConmonPid).toBeGreaterThan(0);
    expect(c.State.CgroupPath).toContain(ids.run);
    expect(c.State.CheckpointedAt).toBe("0001-01-01T00:00:00Z");
    expect(c.ImageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.OCIConfigPath).toMatch(/config\.json$/);
    expect(c.GraphDriver.Data.MergedDir).toBeTruthy();
    expect(c.Config.Labels).toEqual({ a: "b", tier: "web" });
    expect(c.Config.Passwd).toBe(true);
    expect(c.HostConfig.PidMode).toBe("private");
    expect(c.HostConfig.IpcMode).toBe("shareable");
    expect(c.HostConfig.UTSMode).toBe("private");
    expect(c.HostConfig.PidsLimit).toBe(2048);
    expect(c.HostConfig.ShmSize).toBeGreaterThan(0);
    expect(c.HostConfig.CgroupManager).toBe("cgroupfs");
    expect(c.SizeRw).toBeUndefined();
  });

  test("created and exited containers drop the keys Podman drops", async () => {
    const [created, exited] = parseJson<any[]>((await t.ok(["container", "inspect", "pi-created", "pi-exit3"])).stdout);
    expectKeys(created.State, PODMAN_STATE_CREATED);
    expect(created.State.Status).toBe("created");
    expect(created.OCIConfigPath).toBeUndefined();
    expect(created.Config.Labels).toEqual({ a: "c" });
    expectKeys(exited.State, PODMAN_STATE_CREATED);
    expect(exited.State.Status).toBe("exited");
    expect(exited.State.ExitCode).toBe(3);
    expect(exited.State.FinishedAt).not.toBe("0001-01-01T00:00:00Z");
    expect(exited.GraphDriver.Data.MergedDir).toBeUndefined();
    expectKeys(exited, PODMAN_TOP);
  });

  test("--size, --latest and templates on nested fields", async () => {
    const s = parseJson<any[]>((await t.ok(["container", "inspect", "-s", "pi-write"])).stdout)[0];
    const keys = Object.keys(s);
    expect(keys.indexOf("SizeRw")).toBe(keys.indexOf("GraphDriver") + 1);
    expect(keys.indexOf("SizeRootFs")).toBe(keys.indexOf("Mounts") - 1);
    expect(s.SizeRw).toBeGreaterThanOrEqual(50_000);
    expect((await t.ok(["container", "inspect", "-l", "--format", "{{.Name}}"])).out).toBe("pi-write");
    expect((await t.ok(["inspect", "-l", "--format", "{{.Name}} {{.State.ExitCode}}"])).out).toBe("pi-write 0");
    const f = await t.ok(["container", "inspect", "--format", "{{.State.Status}} {{.HostConfig.PidMode}} {{index .Config.Labels \"tier\"}} {{.Config.StopSignal}} {{len .HostConfig.Ulimits}}", "pi-run"]);
    expect(f.out).toMatch(/^running private web 15 \d+$/);
    expect((await t.ok(["inspect", "--size", "--format", "{{.SizeRw}}", "pi-created"])).out).toMatch(/^\d+$/);
  });

  test("a missing container is Podman's error with exit 125", async () => {
    const r = await t.tspod(["container", "inspect", "nosuchctr"]);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('no such container');
    const l = await t.tspod(["container", "inspect", "-l", "pi-run"]);
    expect(l.code).toBe(125);
    expect(l.stderr).toContain("--latest and containers cannot be used together");
  });
});
