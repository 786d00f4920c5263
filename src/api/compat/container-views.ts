/** Docker's container shapes (`docker ps`, `docker inspect`) from Podman's. */
import type { ContainerInspect, ContainerListEntry, ContainerStatus } from "../../define/container-types.ts";

/** Docker's State words: created, running, paused, restarting, removing, exited, dead. */
export function dockerState(s: ContainerStatus | string): string {
  switch (s) {
    case "configured":
    case "initialized":
    case "created":
      return "created";
    case "stopped":
    case "exited":
      return "exited";
    default:
      return s;
  }
}

function networkMode(mode: string | undefined): string {
  return !mode || mode === "private" || mode === "bridge" ? "default" : mode;
}

interface PodmanPort {
  host_ip?: string;
  container_port: number;
  host_port: number;
  range?: number;
  protocol?: string;
}

/** Podman's port mappings → Docker's ps Ports ({IP, PrivatePort, PublicPort, Type}, one per port). */
function dockerPorts(ports: unknown[] | null): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of (ports ?? []) as PodmanPort[]) {
    for (let i = 0; i < (p.range || 1); i++) {
      out.push({ IP: p.host_ip || "0.0.0.0", PrivatePort: p.container_port + i, PublicPort: p.host_port + i, Type: p.protocol || "tcp" });
    }
  }
  return out;
}

export function dockerListEntry(c: ContainerListEntry, networkModeOf?: string): Record<string, unknown> {
  return {
    Id: c.Id,
    Names: c.Names.map((n) => `/${n}`),
    Image: c.Image,
    ImageID: `sha256:${c.ImageID}`,
    Command: c.Command.join(" "),
    Created: c.Created,
    Ports: dockerPorts(c.Ports),
    ...(c.Size ? { SizeRw: c.Size.rwSize, SizeRootFs: c.Size.rootFsSize } : {}),
    Labels: c.Labels ?? {},
    State: dockerState(c.State),
    Status: c.Status,
    HostConfig: { NetworkMode: networkMode(networkModeOf) },
    NetworkSettings: { Networks: Object.fromEntries((c.Networks ?? []).map((n) => [n, {}])) },
    Mounts: [],
  };
}

function signalName(n: number): string {
  const names: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 9: "SIGKILL", 10: "SIGUSR1", 12: "SIGUSR2", 15: "SIGTERM" };
  return names[n] ?? String(n);
}

export function dockerInspect(p: ContainerInspect): Record<string, unknown> {
  const s = p.State;
  const hc = p.HostConfig;
  const cfg = p.Config;
  return {
    Id: p.Id,
    Created: p.Created,
    Path: p.Path,
    Args: p.Args,
    State: {
      Status: dockerState(s.Status),
      Running: s.Running,
      Paused: s.Paused,
      Restarting: s.Restarting,
      OOMKilled: s.OOMKilled,
      Dead: s.Dead,
      Pid: s.Pid,
      ExitCode: s.ExitCode,
      Error: s.Error,
      StartedAt: s.StartedAt,
      FinishedAt: s.FinishedAt,
      ...(s.Health ? { Health: s.Health } : {}),
    },
    Image: `sha256:${p.Image}`,
    ResolvConfPath: p.ResolvConfPath,
    HostnamePath: p.HostnamePath,
    HostsPath: p.HostsPath,
    LogPath: hc.LogConfig.Path,
    Name: `/${p.Name}`,
    RestartCount: p.RestartCount,
    Driver: p.Driver,
    Platform: "linux",
    MountLabel: p.MountLabel,
    ProcessLabel: p.ProcessLabel,
    AppArmorProfile: p.AppArmorProfile,
    ExecIDs: p.ExecIDs.length ? p.ExecIDs : null,
    HostConfig: {
      ...hc,
      Binds: hc.Binds?.length ? hc.Binds : null,
      NetworkMode: networkMode(hc.NetworkMode),
      // k8s-file is Docker's json-file: a file the logs route reads (clients such as docker-py
      // only read the output of drivers they know)
      LogConfig: { Type: hc.LogConfig.Type === "k8s-file" ? "json-file" : hc.LogConfig.Type, Config: {} },
    },
    GraphDriver: p.GraphDriver,
    ...(p.SizeRw !== undefined ? { SizeRw: p.SizeRw, SizeRootFs: p.SizeRootFs } : {}),
    Mounts: p.Mounts,
    Config: {
      Hostname: cfg.Hostname,
      Domainname: cfg.Domainname,
      User: cfg.User,
      AttachStdin: cfg.AttachStdin,
      AttachStdout: cfg.AttachStdout,
      AttachStderr: cfg.AttachStderr,
      Tty: cfg.Tty,
      OpenStdin: cfg.OpenStdin,
      StdinOnce: cfg.StdinOnce,
      Env: cfg.Env,
      Cmd: cfg.Cmd?.length ? cfg.Cmd : null,
      Image: cfg.Image,
      Volumes: null,
      WorkingDir: cfg.WorkingDir,
      Entrypoint: cfg.Entrypoint ? cfg.Entrypoint.split(" ") : null,
      OnBuild: null,
      Labels: cfg.Labels ?? {},
      StopSignal: signalName(cfg.StopSignal),
      StopTimeout: cfg.StopTimeout,
      ...(cfg.Healthcheck ? { Healthcheck: cfg.Healthcheck } : {}),
    },
    NetworkSettings: {
      Bridge: "",
      SandboxID: "",
      HairpinMode: false,
      LinkLocalIPv6Address: "",
      LinkLocalIPv6PrefixLen: 0,
      Ports: {},
      SandboxKey: "",
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: "",
      Gateway: "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      IPAddress: "",
      IPPrefixLen: 0,
      IPv6Gateway: "",
      MacAddress: "",
      Networks: {},
      // Podman's NetworkSettings already has Docker's shape (endpoints, Ports, SandboxKey)
      ...p.NetworkSettings,
    },
  };
}
