/**
 * A container as the engine stores it: the config (fixed at create) and the state (changes over
 * its life), kept apart in the state database.
 */
import type { ContainerStatus } from "../../define/container-types.ts";
import type { OciSpec } from "../../spec/oci-spec-types.ts";
import type { HealthConfig, HealthOnFailure } from "../../define/health-types.ts";

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
  /** The healthcheck (from --health-* flags or the image's HEALTHCHECK); absent = none. */
  healthcheck?: HealthConfig;
  healthOnFailure?: HealthOnFailure;
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
