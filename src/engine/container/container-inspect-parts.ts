/**
 * The parts of Podman's container inspect JSON that tspod derives from the OCI spec or fills with
 * Podman's defaults. Each object lists every key in Podman 4.3.1's order; container-view.ts spreads
 * it first and overrides the keys it knows, so key order stays Podman's.
 */
import type { OciMount } from "../../spec/oci-spec-types.ts";
import type { ContainerRecord } from "./container-record.ts";
import { ZERO_TIME } from "./container-record.ts";
import { containerBinds, inspectContainerMounts } from "../volume/mount-inspect.ts";

/** Mounts every container gets from the engine: not the user's, so Podman does not list them. */
const ENGINE_MOUNTS = new Set(["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname", "/run/.containerenv"]);

/** The mounts the user asked for (--tmpfs, -v, --mount), in spec order. */
export function userMounts(rec: ContainerRecord): OciMount[] {
  return (rec.config.spec.mounts ?? []).filter((m) => !ENGINE_MOUNTS.has(m.destination));
}

/** Podman's inspect `Mounts`: the user's bind mounts (tmpfs ones are listed under HostConfig.Tmpfs). */
export function inspectMounts(rec: ContainerRecord): Record<string, unknown>[] {
  if (rec.config.mounts) return inspectContainerMounts(rec.config.mounts);
  return userMounts(rec)
    .filter((m) => m.type === "bind" || m.options?.includes("bind") || m.options?.includes("rbind"))
    .map((m) => ({
      Type: "bind",
      Source: m.source ?? "",
      Destination: m.destination,
      Driver: "",
      Mode: "",
      Options: m.options?.includes("bind") && !m.options.includes("rbind") ? ["bind"] : ["rbind"],
      RW: !m.options?.includes("ro"),
      Propagation: m.options?.find((o) => /^r?(private|shared|slave|unbindable)$/.test(o)) ?? "rprivate",
    }));
}

function tmpfsMounts(rec: ContainerRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of userMounts(rec)) if (m.type === "tmpfs") out[m.destination] = (m.options ?? []).join(",");
  return out;
}

function namespaceMode(rec: ContainerRecord, type: string, privateName: string): string {
  const ns = rec.config.spec.linux?.namespaces?.find((n) => n.type === type);
  if (!ns) return "host";
  const p = (ns as { path?: string }).path;
  return p ? `ns:${p}` : privateName;
}

function shmSize(rec: ContainerRecord): number {
  const shm = rec.config.spec.mounts?.find((m) => m.destination === "/dev/shm");
  const opt = shm?.options?.find((o) => o.startsWith("size="));
  return opt ? Number(opt.slice(5)) || 0 : 0;
}

/** State keys Podman adds after FinishedAt (CgroupPath only while the container runs). */
export function stateExtras(rec: ContainerRecord): Record<string, unknown> {
  const active = rec.state.status === "running" || rec.state.status === "paused";
  const cgroup = rec.config.spec.linux?.cgroupsPath ?? "";
  return {
    ...(active && cgroup ? { CgroupPath: cgroup } : {}),
    CheckpointedAt: ZERO_TIME,
    RestoredAt: ZERO_TIME,
  };
}

/** Podman's NetworkSettings for a container without a bridge network. */
export function networkSettings(): Record<string, unknown> {
  return {
    EndpointID: "",
    Gateway: "",
    IPAddress: "",
    IPPrefixLen: 0,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    MacAddress: "",
    Bridge: "",
    SandboxID: "",
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    Ports: {},
    SandboxKey: "",
  };
}

/** Every HostConfig key of Podman 4.3.1, in its order, with the values the spec tells. */
export function hostConfigBase(rec: ContainerRecord): Record<string, unknown> & { Binds: string[] } {
  const r = rec.config.spec.linux?.resources;
  const cpu = r?.cpu;
  const mem = r?.memory;
  return {
    Binds: rec.config.mounts ? containerBinds(rec.config.mounts) : inspectMounts(rec).map((m) => `${m.Source}:${m.Destination}:${m.RW ? "rw" : "ro"},${m.Propagation},${(m.Options as string[])[0]}`),
    CgroupManager: "cgroupfs",
    CgroupMode: namespaceMode(rec, "cgroup", "private"),
    ContainerIDFile: "",
    LogConfig: null,
    NetworkMode: "",
    PortBindings: {},
    RestartPolicy: { Name: "", MaximumRetryCount: 0 },
    AutoRemove: false,
    VolumeDriver: "",
    VolumesFrom: null,
    CapAdd: [],
    CapDrop: [],
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: [],
    GroupAdd: [],
    IpcMode: namespaceMode(rec, "ipc", "shareable"),
    Cgroup: "",
    Cgroups: "default",
    Links: null,
    OomScoreAdj: rec.config.spec.process?.oomScoreAdj ?? 0,
    PidMode: namespaceMode(rec, "pid", "private"),
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: false,
    SecurityOpt: [],
    Tmpfs: tmpfsMounts(rec),
    UTSMode: namespaceMode(rec, "uts", "private"),
    UsernsMode: "",
    ShmSize: shmSize(rec),
    Runtime: "oci",
    ConsoleSize: [0, 0],
    Isolation: "",
    CpuShares: cpu?.shares ?? 0,
    Memory: mem?.limit ?? 0,
    NanoCpus: cpu?.quota && cpu.period ? Math.round((cpu.quota / cpu.period) * 1e9) : 0,
    CgroupParent: "",
    BlkioWeight: 0,
    BlkioWeightDevice: null,
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: cpu?.period ?? 0,
    CpuQuota: cpu?.quota ?? 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: cpu?.cpus ?? "",
    CpusetMems: cpu?.mems ?? "",
    Devices: [],
    DiskQuota: 0,
    KernelMemory: 0,
    MemoryReservation: mem?.reservation ?? 0,
    MemorySwap: mem?.swap ?? 0,
    MemorySwappiness: mem?.swappiness ?? 0,
    OomKillDisable: mem?.disableOOMKiller ?? false,
    PidsLimit: r?.pids?.limit ?? 0,
    Ulimits: [],
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    CgroupConf: null,
  };
}
