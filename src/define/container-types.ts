import type { HealthConfig, HealthResults } from "./health-types.ts";
/** Container shapes shared by engine, CLI and API. Wire types keep Podman's field casing. */

export type ContainerStatus = "configured" | "created" | "initialized" | "running" | "stopped" | "exited" | "paused" | "removing";

/** One entry of `podman ps --format json` (Podman's ListContainer; key order as Podman prints it). */
export interface ContainerListEntry {
  AutoRemove: boolean;
  Command: string[];
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
  /** null unless `ps --size` */
  Size: ContainerSize | null;
  StartedAt: number;
  State: ContainerStatus;
  Status: string;
  Created: number; // unix seconds
}

/** `ps --size`: bytes in the container's writable layer and in the image below it. */
export interface ContainerSize {
  rootFsSize: number;
  rwSize: number;
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
    ConmonPid?: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
    /** Present when the container has a healthcheck (Podman 4.3 fills both names). */
    Health?: HealthResults;
    Healthcheck?: HealthResults;
    /** CgroupPath (while running), CheckpointedAt, RestoredAt, … */
    [key: string]: unknown;
  };
  Image: string;
  ImageDigest: string;
  ImageName: string;
  Rootfs: string;
  Pod: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  StaticDir: string;
  OCIConfigPath?: string;
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
  /** only with `inspect --size` */
  SizeRw?: number;
  SizeRootFs?: number;
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
    Timezone?: string;
    Umask: string;
    Timeout: number;
    StopTimeout: number;
    Passwd: boolean;
    sdNotifyMode: string;
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
    Ulimits: { Name: string; Soft: number | bigint; Hard: number | bigint }[];
    /** the other keys of Podman's HostConfig (see container-inspect-parts.ts) */
    [key: string]: unknown;
  };
}

/** HostConfig fields the create flags set (Podman 4.3.1's names; Sysctls as Docker names it). */
export interface HostConfigCreateFields {
  CgroupManager: string;
  CgroupMode: string;
  ContainerIDFile: string;
  GroupAdd: string[];
  IpcMode: string;
  Cgroup: string;
  Cgroups: string;
  OomScoreAdj: number;
  PidMode: string;
  SecurityOpt: string[];
  Tmpfs: Record<string, string>;
  UTSMode: string;
  ShmSize: number;
  CpuShares: number;
  Memory: number;
  NanoCpus: number;
  CgroupParent: string;
  CpuPeriod: number;
  CpuQuota: number;
  CpusetCpus: string;
  CpusetMems: string;
  Devices: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  MemoryReservation: number;
  MemorySwap: number;
  MemorySwappiness: number;
  Init: boolean;
  PidsLimit: number;
  Sysctls: Record<string, string>;
}
