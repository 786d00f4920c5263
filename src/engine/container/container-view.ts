/** Maps stored containers to Podman's wire shapes for `ps` and `inspect`. */
import type { ContainerInspect, ContainerListEntry, ContainerSize, ContainerStatus } from "../../define/container-types.ts";
import { hostConfigBase, inspectMounts, networkSettings, stateExtras, userMounts } from "./container-inspect-parts.ts";
import path from "node:path";
import { goHumanSize, timeAgo } from "../../util/human-duration.ts";
import type { ContainerRecord, ContainerSettings, ContainerSummary } from "./container-record.ts";
import type { HostConfigCreateFields } from "../../define/container-types.ts";
import { ZERO_TIME } from "./container-record.ts";
import { containerNetworkNames, inspectNetworkHostConfig, inspectNetworkSettings } from "../network/network-inspect.ts";
import type { HealthResults } from "../../define/health-types.ts";

function unixSeconds(iso: string): number {
  return iso === ZERO_TIME ? 0 : Math.floor(Date.parse(iso) / 1000);
}

/** Podman's `ps` STATUS text: "Up 5 seconds ago", "Exited (0) 3 seconds ago", "Created". */
export function statusText(rec: ContainerSummary, now = Date.now(), health?: string): string {
  const s = rec.state;
  switch (s.status) {
    case "running":
      return `Up ${timeAgo(s.startedAt, now)}${health ? ` (${health})` : ""}`;
    case "paused":
      return "Paused";
    case "exited":
    case "stopped":
      return `Exited (${s.exitCode}) ${timeAgo(s.finishedAt, now)}`;
    case "removing":
      return "Removing";
    case "created":
      return "Initialized";
    default:
      return "Created";
  }
}

const GO_ZERO_UNIX = -62135596800;

function unixOrZero(iso: string): number {
  return iso === ZERO_TIME ? GO_ZERO_UNIX : Math.floor(Date.parse(iso) / 1000);
}

/** Podman lists the network names of bridge-mode containers ("podman" by default). */
function networkNames(c: ContainerRecord["config"]): string[] {
  return containerNetworkNames(c);
}

/** Podman's state words: a stored-only container is "created", one the runtime created is "initialized". */
export function wireStatus(status: ContainerStatus): ContainerStatus {
  if (status === "configured") return "created";
  if (status === "created") return "initialized";
  return status;
}

/** `health`: the container's health status when it has a healthcheck ("healthy", "starting", …). */
export function listEntry(rec: ContainerRecord, now = Date.now(), size?: ContainerSize, health?: string): ContainerListEntry {
  const { config: c, state: s } = rec;
  const exited = s.status === "exited" || s.status === "stopped";
  return {
    AutoRemove: c.autoRemove,
    Command: c.command,
    CreatedAt: timeAgo(c.created, now),
    Exited: exited,
    ExitedAt: exited ? unixOrZero(s.finishedAt) : GO_ZERO_UNIX,
    ExitCode: s.exitCode,
    Id: c.id,
    Image: c.imageName,
    ImageID: c.imageId,
    IsInfra: c.isInfra === true,
    Labels: Object.keys(c.labels).length ? c.labels : null,
    Mounts: userMounts(rec).map((m) => m.destination),
    Names: [c.name],
    Namespaces: {},
    Networks: networkNames(c),
    Pid: s.status === "running" || s.status === "paused" ? s.pid : 0,
    Pod: c.pod ?? "",
    PodName: "",
    Ports: c.net?.ports.length ? c.net.ports : null,
    Size: size ?? null,
    StartedAt: unixOrZero(s.startedAt),
    State: wireStatus(s.status),
    Status: statusText(rec, now, health),
    Created: unixSeconds(c.created),
  };
}

function parseUlimit(u: string): { Name: string; Soft: number; Hard: number } {
  const [name, values] = u.split("=", 2);
  const [soft, hard] = (values ?? "").split(":");
  return { Name: `RLIMIT_${name!.toUpperCase()}`, Soft: Number(soft), Hard: Number(hard ?? soft) };
}

export interface InspectPaths {
  bundle: string;
  hosts: string;
  resolvConf: string;
  hostname: string;
  conmonPidFile: string;
  pidFile: string;
  upperDir: string;
  workDir: string;
  lowerDirs: string[];
  /** The container's storage driver (overlay, vfs). */
  driver: string;
  execIds?: string[];
  imageDigest?: string;
  size?: ContainerSize;
  health?: HealthResults;
  /** containers.conf default_network (its endpoint also fills NetworkSettings' top-level fields). */
  defaultNetwork?: string;
}

export function inspectView(rec: ContainerRecord, paths: InspectPaths): ContainerInspect {
  const { config: c, state: s } = rec;
  const caps = rec.config.spec.process?.capabilities;
  const active = s.status === "running" || s.status === "paused";
  const rlimits = rec.config.spec.process?.rlimits;
  const out: ContainerInspect = {
    Id: c.id,
    Created: c.created,
    Path: c.command[0] ?? "",
    Args: c.command.slice(1),
    State: {
      OciVersion: rec.config.spec.ociVersion,
      Status: wireStatus(s.status),
      Running: s.status === "running",
      Paused: s.status === "paused",
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: active ? s.pid : 0,
      ...(active && s.conmonPid ? { ConmonPid: s.conmonPid } : {}),
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
      ...stateExtras(rec),
      ...(c.healthcheck ? { Health: paths.health ?? { Status: "", FailingStreak: 0, Log: null }, Healthcheck: paths.health ?? { Status: "", FailingStreak: 0, Log: null } } : {}),
    },
    Image: c.imageId,
    ImageDigest: paths.imageDigest ?? "",
    ImageName: c.imageName,
    Rootfs: "",
    Pod: c.pod ?? "",
    ResolvConfPath: paths.resolvConf,
    HostnamePath: paths.hostname,
    HostsPath: paths.hosts,
    StaticDir: paths.bundle,
    ...(s.status === "configured" ? {} : { OCIConfigPath: path.join(paths.bundle, "config.json") }),
    OCIRuntime: c.ociRuntime,
    ConmonPidFile: paths.conmonPidFile,
    PidFile: paths.pidFile,
    Name: c.name,
    RestartCount: s.restartCount ?? 0,
    Driver: paths.driver,
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    EffectiveCaps: caps?.effective ?? [],
    BoundingCaps: caps?.bounding ?? [],
    ExecIDs: paths.execIds ?? [],
    GraphDriver: {
      Name: paths.driver,
      Data: paths.driver === "vfs" ? {} : { LowerDir: paths.lowerDirs.join(":"), ...(s.mountPoint ? { MergedDir: s.mountPoint } : {}), UpperDir: paths.upperDir, WorkDir: paths.workDir },
    },
    ...(paths.size ? { SizeRw: paths.size.rwSize, SizeRootFs: paths.size.rootFsSize } : {}),
    Mounts: inspectMounts(rec),
    Dependencies: c.settings?.dependencies ?? [],
    NetworkSettings: inspectNetworkSettings(rec, networkSettings(), paths.defaultNetwork ?? "podman"),
    Namespace: "",
    IsInfra: c.isInfra === true,
    IsService: false,
    Config: {
      Hostname: c.hostname,
      Domainname: "",
      User: c.user,
      AttachStdin: c.interactive,
      AttachStdout: false,
      AttachStderr: false,
      Tty: c.tty,
      OpenStdin: c.interactive,
      StdinOnce: false,
      Env: c.env,
      Cmd: c.cmd,
      Image: c.imageName,
      Volumes: null,
      WorkingDir: c.workdir,
      Entrypoint: c.entrypoint.join(" "),
      OnBuild: null,
      Labels: Object.keys(c.labels).length ? c.labels : null,
      Annotations: c.annotations,
      StopSignal: c.stopSignal,
      CreateCommand: c.createCommand,
      ...(c.settings?.timezone ? { Timezone: c.settings.timezone } : {}),
      Umask: c.settings?.umask ?? "0022",
      Timeout: c.timeout ?? 0,
      StopTimeout: c.stopTimeout,
      ...(c.healthcheck ? { Healthcheck: c.healthcheck } : {}),
      HealthcheckOnFailureAction: c.healthOnFailure ?? "none",
      Passwd: true,
      sdNotifyMode: "container",
    },
    HostConfig: {
      ...hostConfigBase(rec),
      LogConfig: { Type: c.logDriver, Config: null, Path: c.logPath, Tag: c.settings?.logTag ?? "", Size: goHumanSize(c.settings?.logSizeMax ?? 0) },
      NetworkMode: c.networkMode,
      ...inspectNetworkHostConfig(c),
      RestartPolicy: { Name: c.restartPolicy ?? "", MaximumRetryCount: c.restartRetries ?? 0 },
      AutoRemove: c.autoRemove,
      CapAdd: c.capAdd,
      CapDrop: c.capDrop,
      Privileged: c.privileged,
      ReadonlyRootfs: c.readOnly,
      Ulimits: rlimits ? rlimits.map((l) => ({ Name: l.type, Soft: l.soft, Hard: l.hard })) : c.ulimits.map(parseUlimit),
    },
  };
  if (c.settings) out.HostConfig = withCreateFields(out.HostConfig, c.settings);
  return out;
}

/**
 * Layers the create-flag values over the HostConfig. Podman leaves `Init` out unless set (and puts
 * it before `PidsLimit`); `Sysctls` (Docker's key, not Podman's) is only shown when some are set.
 */
function withCreateFields(base: ContainerInspect["HostConfig"], st: ContainerSettings): ContainerInspect["HostConfig"] {
  const { Init, Sysctls, ...fields } = hostConfigCreateFields(st);
  const merged: ContainerInspect["HostConfig"] = { ...base, ...fields, UsernsMode: st.usernsMode ?? "" };
  if (!Init && Object.keys(Sysctls).length === 0 && !st.idMappings) return merged;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(merged)) {
    if (k === "PidsLimit" && Init) out.Init = true;
    out[k] = v;
    if (k === "UsernsMode" && st.idMappings) out.IDMappings = st.idMappings;
  }
  if (Object.keys(Sysctls).length > 0) out.Sysctls = Sysctls;
  return out as ContainerInspect["HostConfig"];
}


function hostConfigCreateFields(st: ContainerSettings): HostConfigCreateFields {
  return {
    CgroupManager: "cgroupfs",
    CgroupMode: st.cgroupnsMode,
    ContainerIDFile: st.cidfile,
    GroupAdd: st.groupAdd,
    IpcMode: st.ipcMode,
    Cgroup: "",
    Cgroups: st.cgroups,
    OomScoreAdj: st.oomScoreAdj,
    PidMode: st.pidMode,
    SecurityOpt: st.securityOpt,
    Tmpfs: st.tmpfs,
    UTSMode: st.utsMode,
    ShmSize: st.shmSize,
    CpuShares: st.cpuShares,
    Memory: st.memory,
    NanoCpus: st.nanoCpus,
    CgroupParent: st.cgroupParent,
    CpuPeriod: st.cpuPeriod,
    CpuQuota: st.cpuQuota,
    CpusetCpus: st.cpusetCpus,
    CpusetMems: st.cpusetMems,
    Devices: st.devices,
    MemoryReservation: st.memoryReservation,
    MemorySwap: st.memorySwap,
    MemorySwappiness: -1,
    Init: st.init,
    PidsLimit: st.pidsLimit,
    Sysctls: st.sysctls,
  };
}
