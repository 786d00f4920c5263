import type { HealthConfig, HealthResults } from "./health-types.ts";
/** Container shapes shared by engine, CLI and API. Wire types keep Podman's field casing. */

export type ContainerStatus = "configured" | "created" | "running" | "stopped" | "exited" | "paused" | "removing";

/** One entry of `podman ps --format json` (Podman's ListContainer). */
export interface ContainerListEntry {
  AutoRemove: boolean;
  Command: string[];
  Created: number; // unix seconds
  CreatedAt: string;
  Exited: boolean;
  ExitedAt: number;
  ExitCode: number;
  Id: string;
  Image: string;
  ImageID: string;
  IsInfra: boolean;
  Labels: Record<string, string> | null;
  Mounts: string[];
  Names: string[];
  Namespaces: Record<string, string>;
  Networks: string[];
  Pid: number;
  Pod: string;
  PodName: string;
  Ports: unknown[] | null;
  StartedAt: number;
  State: ContainerStatus;
  Status: string;
}

/** `podman container inspect` (the parts tspod fills so far). */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: {
    OciVersion: string;
    Status: ContainerStatus;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    Dead: boolean;
    Pid: number;
    ConmonPid: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
    /** Present when the container has a healthcheck (Podman 4.3 fills both names). */
    Health?: HealthResults;
    Healthcheck?: HealthResults;
  };
  Image: string;
  ImageName: string;
  Rootfs: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  StaticDir: string;
  OCIRuntime: string;
  ConmonPidFile: string;
  PidFile: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  EffectiveCaps: string[];
  BoundingCaps: string[];
  ExecIDs: string[];
  GraphDriver: { Name: string; Data: Record<string, string> };
  Mounts: unknown[];
  Dependencies: string[];
  NetworkSettings: Record<string, unknown>;
  Namespace: string;
  IsInfra: boolean;
  IsService: boolean;
  Config: {
    Hostname: string;
    Domainname: string;
    User: string;
    AttachStdin: boolean;
    AttachStdout: boolean;
    AttachStderr: boolean;
    Tty: boolean;
    OpenStdin: boolean;
    StdinOnce: boolean;
    Env: string[];
    Cmd: string[];
    Image: string;
    Volumes: null;
    WorkingDir: string;
    Entrypoint: string;
    OnBuild: null;
    Labels: Record<string, string> | null;
    Annotations: Record<string, string>;
    StopSignal: number;
    CreateCommand: string[];
    Umask: string;
    Timeout: number;
    StopTimeout: number;
    Healthcheck?: HealthConfig;
    HealthcheckOnFailureAction?: string;
  };
  HostConfig: {
    Binds: string[];
    LogConfig: { Type: string; Config: null; Path: string; Tag: string; Size: string };
    NetworkMode: string;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    AutoRemove: boolean;
    CapAdd: string[];
    CapDrop: string[];
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    Ulimits: { Name: string; Soft: number; Hard: number }[];
  };
}
