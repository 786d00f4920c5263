/** Maps stored containers to Podman's wire shapes for `ps` and `inspect`. */
import type { ContainerInspect, ContainerListEntry } from "../../define/container-types.ts";
import { timeAgo } from "../../util/human-duration.ts";
import type { ContainerRecord, ContainerSummary } from "./container-record.ts";
import { ZERO_TIME } from "./container-record.ts";
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
    default:
      return "Created";
  }
}

/** `health`: the container's health status when it has a healthcheck ("healthy", "starting", …). */
export function listEntry(rec: ContainerSummary, health?: string): ContainerListEntry {
  const { config: c, state: s } = rec;
  const exited = s.status === "exited" || s.status === "stopped";
  return {
    AutoRemove: c.autoRemove,
    Command: c.command,
    Created: unixSeconds(c.created),
    CreatedAt: timeAgo(c.created),
    Exited: exited,
    ExitedAt: exited ? unixSeconds(s.finishedAt) : -62135596800,
    ExitCode: s.exitCode,
    Id: c.id,
    Image: c.imageName,
    ImageID: c.imageId,
    IsInfra: false,
    Labels: Object.keys(c.labels).length ? c.labels : null,
    Mounts: [],
    Names: [c.name],
    Namespaces: {},
    Networks: [],
    Pid: s.status === "running" ? s.pid : 0,
    Pod: "",
    PodName: "",
    Ports: null,
    StartedAt: unixSeconds(s.startedAt),
    State: s.status === "configured" ? "created" : s.status,
    Status: statusText(rec, Date.now(), health),
  };
}

function parseUlimit(u: string): { Name: string; Soft: number; Hard: number } {
  const [name, values] = u.split("=", 2);
  const [soft, hard] = (values ?? "").split(":");
  return { Name: `RLIMIT_${name!.toUpperCase()}`, Soft: Number(soft), Hard: Number(hard ?? soft) };
}

export function inspectView(rec: ContainerRecord, paths: { health?: HealthResults; bundle: string; hosts: string; resolvConf: string; hostname: string; conmonPidFile: string; pidFile: string; upperDir: string; workDir: string; lowerDirs: string[] }): ContainerInspect {
  const { config: c, state: s } = rec;
  const caps = rec.config.spec.process?.capabilities;
  return {
    Id: c.id,
    Created: c.created,
    Path: c.command[0] ?? "",
    Args: c.command.slice(1),
    State: {
      OciVersion: rec.config.spec.ociVersion,
      Status: s.status === "configured" ? "created" : s.status,
      Running: s.status === "running",
      Paused: s.status === "paused",
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: s.status === "running" ? s.pid : 0,
      ConmonPid: s.status === "running" ? s.conmonPid : 0,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt,
      FinishedAt: s.finishedAt,
      ...(c.healthcheck ? { Health: paths.health ?? { Status: "", FailingStreak: 0, Log: null }, Healthcheck: paths.health ?? { Status: "", FailingStreak: 0, Log: null } } : {}),
    },
    Image: c.imageId,
    ImageName: c.imageName,
    Rootfs: "",
    ResolvConfPath: paths.resolvConf,
    HostnamePath: paths.hostname,
    HostsPath: paths.hosts,
    StaticDir: paths.bundle,
    OCIRuntime: c.ociRuntime,
    ConmonPidFile: paths.conmonPidFile,
    PidFile: paths.pidFile,
    Name: c.name,
    RestartCount: 0,
    Driver: "overlay",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    EffectiveCaps: caps?.effective ?? [],
    BoundingCaps: caps?.bounding ?? [],
    ExecIDs: [],
    GraphDriver: {
      Name: "overlay",
      Data: { LowerDir: paths.lowerDirs.join(":"), MergedDir: s.mountPoint, UpperDir: paths.upperDir, WorkDir: paths.workDir },
    },
    Mounts: [],
    Dependencies: [],
    NetworkSettings: { Bridge: "", SandboxID: "", Ports: {}, SandboxKey: "" },
    Namespace: "",
    IsInfra: false,
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
      Umask: "0022",
      Timeout: 0,
      StopTimeout: c.stopTimeout,
      ...(c.healthcheck ? { Healthcheck: c.healthcheck } : {}),
      HealthcheckOnFailureAction: c.healthOnFailure ?? "none",
    },
    HostConfig: {
      Binds: [],
      LogConfig: { Type: c.logDriver, Config: null, Path: c.logPath, Tag: "", Size: "0B" },
      NetworkMode: c.networkMode,
      RestartPolicy: { Name: "", MaximumRetryCount: 0 },
      AutoRemove: c.autoRemove,
      CapAdd: c.capAdd,
      CapDrop: c.capDrop,
      Privileged: c.privileged,
      ReadonlyRootfs: c.readOnly,
      Ulimits: c.ulimits.map(parseUlimit),
    },
  };
}
