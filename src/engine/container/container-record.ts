/**
 * A container as the engine stores it: the config (fixed at create) and the state (changes over
 * its life), kept apart in the state database.
 */
import type { ContainerStatus } from "../../define/container-types.ts";
import type { OciSpec } from "../../spec/oci-spec-types.ts";
import type { HealthConfig, HealthOnFailure } from "../../define/health-types.ts";
import type { ContainerNetConfig, ContainerNetState } from "../../network/network-types.ts";
import type { ContainerMount, ContainerSecret } from "../volume/container-mount.ts";

export interface ContainerConfig {
  id: string;
  name: string;
  /** The image as the user named it and its resolved id. */
  imageName: string;
  imageId: string;
  created: string; // RFC 3339 with nanoseconds
  command: string[]; // resolved argv (entrypoint + cmd)
  entrypoint: string[];
  cmd: string[];
  env: string[];
  workdir: string;
  user: string;
  hostname: string;
  tty: boolean;
  interactive: boolean;
  autoRemove: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  networkMode: string;
  stopSignal: number;
  stopTimeout: number;
  logDriver: string;
  logPath: string;
  createCommand: string[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnly: boolean;
  ulimits: string[];
  /** The OCI runtime that runs it (name); fixed at create like Podman's OCIRuntime. */
  ociRuntime: string;
  /** The OCI runtime spec generated at create; written to the bundle at every start. */
  spec: OciSpec;
  /** `--restart`: "" / "no" / "on-failure" / "always" / "unless-stopped" (changed by `update --restart`). */
  restartPolicy?: string;
  /** on-failure's retry limit (0: unlimited). */
  restartRetries?: number;
  /** `--timeout`: seconds conmon lets the container run before killing it (0: no limit). */
  timeout?: number;
  /** The healthcheck (from --health-* flags or the image's HEALTHCHECK); absent = none. */
  healthcheck?: HealthConfig;
  healthOnFailure?: HealthOnFailure;
  /** `-v`, `--mount`, `--volumes-from`, image VOLUMEs (engine/volume/). */
  mounts?: ContainerMount[];
  /** `--secret` (engine/secret/). */
  secrets?: ContainerSecret[];
  /** The pod this container belongs to (its id), and whether it is that pod's infra container. */
  pod?: string;
  isInfra?: boolean;
  /** What the create flags set beyond the basics (absent in records of older tspod versions). */
  settings?: ContainerSettings;
  /** Networks, ports, DNS and hosts settings (absent in records of older tspod versions). */
  net?: ContainerNetConfig;
}

/** Create-time settings shown by inspect (HostConfig/Config) and used at start (log options). */
export interface ContainerSettings {
  groupAdd: string[];
  init: boolean;
  initPath: string;
  readOnlyTmpfs: boolean;
  /** `--tmpfs` destination → options as inspect shows them. */
  tmpfs: Record<string, string>;
  securityOpt: string[];
  memory: number;
  memorySwap: number;
  memoryReservation: number;
  nanoCpus: number;
  cpuShares: number;
  cpuQuota: number;
  cpuPeriod: number;
  cpusetCpus: string;
  cpusetMems: string;
  pidsLimit: number;
  shmSize: number;
  devices: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  sysctls: Record<string, string>;
  pidMode: string;
  ipcMode: string;
  utsMode: string;
  cgroupnsMode: string;
  cgroupParent: string;
  cgroups: string;
  oomScoreAdj: number;
  cidfile: string;
  timezone: string;
  umask: string;
  logTag: string;
  /** conmon's --log-size-max in bytes; 0 = none. */
  logSizeMax: number;
  /** Containers whose namespaces this one joins. */
  dependencies: string[];
  /** `--userns` (HostConfig.UsernsMode) and the mappings (HostConfig.IDMappings); absent in older records. */
  usernsMode?: string;
  idMappings?: { UidMap: string[]; GidMap: string[] };
}

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  conmonPid: number;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  /** Where the rootfs is mounted while the container is initialised or running. */
  mountPoint: string;
  error: string;
  /** How many times the restart policy restarted the container (inspect's RestartCount). */
  restartCount?: number;
  /** Set by `stop`/`kill` from the user: restart policies leave the container stopped. */
  stoppedByUser?: boolean;
  /** The network namespace and what netavark set up in it, while set up. */
  net?: ContainerNetState;
}

export interface ContainerRecord {
  config: ContainerConfig;
  state: ContainerState;
}

export const ZERO_TIME = "0001-01-01T00:00:00Z";

export function initialState(): ContainerState {
  return { status: "configured", pid: 0, conmonPid: 0, exitCode: 0, startedAt: ZERO_TIME, finishedAt: ZERO_TIME, mountPoint: "", error: "" };
}

/** A container without its OCI spec: what listings need, much cheaper to load. */
export interface ContainerSummary {
  config: Omit<ContainerConfig, "spec">;
  state: ContainerState;
}
