/**
 * What the CLI and the API ask of containers. `local/` implements it over the engine,
 * `remote/` over the REST client.
 */
import type { ContainerInspect, ContainerListEntry } from "../define/container-types.ts";
import type { ProgressSink } from "./image-engine.ts";
import type { HealthConfig, HealthOnFailure } from "../define/health-types.ts";
import type { ContainerNetFlags } from "./network-engine.ts";

export interface ContainerCreateOptions {
  image: string;
  command: string[];
  name?: string;
  entrypoint?: string[];
  env: string[];
  workdir?: string;
  user?: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
  detach: boolean;
  remove: boolean;
  network?: string;
  labels: string[];
  ulimits: string[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnly: boolean;
  pull: "always" | "missing" | "never" | "newer";
  /** `--restart`: no, on-failure[:N], always, unless-stopped */
  restart?: string;
  /** `--timeout`: seconds before conmon kills the container (0: none) */
  timeout?: number;
  tlsVerify?: boolean;
  certDir?: string;
  /** undefined: the image's HEALTHCHECK; null: none (--no-healthcheck, --health-cmd none). */
  healthcheck?: HealthConfig | null;
  /** --health-* values given without --health-cmd: applied over the image's HEALTHCHECK. */
  healthOverrides?: Partial<HealthConfig>;
  healthOnFailure?: HealthOnFailure;
  /** `--pod NAME|ID` or `new:NAME`: the pod the container joins. */
  pod?: string;
  /** The create/run flags below are optional so API callers may leave them out. */
  createFlags?: ContainerCreateFlags;
  /** `-p`, `-P`, `--expose`, `--dns*`, `--add-host`, `--no-hosts`, `--ip`, `--ip6`, `--mac-address`, `--network-alias`. */
  netFlags?: ContainerNetFlags;
}

/** `podman run` flags beyond the basics (see `man podman-run`); values as the user typed them. */
export interface ContainerCreateFlags {
  replace?: boolean;
  /** `-v`, `--mount`, `--volumes-from`, `--image-volume`, `--secret` (local/container-mounts.ts). */
  volumes?: string[];
  mounts?: string[];
  volumesFrom?: string[];
  imageVolume?: string;
  secrets?: string[];
  envFiles?: string[];
  envHost?: boolean;
  unsetenv?: string[];
  unsetenvAll?: boolean;
  groupAdd?: string[];
  init?: boolean;
  initPath?: string;
  readOnlyTmpfs?: boolean;
  tmpfs?: string[];
  securityOpt?: string[];
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  cpus?: string;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  shmSize?: string;
  devices?: string[];
  sysctls?: string[];
  pid?: string;
  ipc?: string;
  uts?: string;
  cgroupns?: string;
  stopSignal?: string;
  stopTimeout?: number;
  labelFiles?: string[];
  annotations?: string[];
  cidfile?: string;
  tz?: string;
  umask?: string;
  logDriver?: string;
  logOpts?: string[];
  cgroupParent?: string;
  cgroups?: string;
  oomScoreAdj?: number;
  /** `--userns`, `--uidmap`, `--gidmap`, `--subuidname`, `--subgidname`. */
  userns?: string;
  uidmap?: string[];
  gidmap?: string[];
  subuidname?: string;
  subgidname?: string;
}

/** Where an attached container's output goes and its input comes from. */
export interface AttachStreams {
  stdout: (data: Uint8Array) => void;
  stderr: (data: Uint8Array) => void;
  /** Called once the container runs (e.g. to start proxying signals to it). */
  onStarted?: (id: string) => void;
  /** The container's stdin (`-i`); its end closes the container's stdin. */
  stdin?: AsyncIterable<Uint8Array>;
  /** `--detach-keys` (default ctrl-p,ctrl-q; "" disables); applies while stdin is forwarded. */
  detachKeys?: string;
  /** The local terminal's size, for a container with a TTY (undefined when not a terminal). */
  terminalSize?: () => { rows: number; cols: number } | undefined;
  /** Registers a callback for terminal size changes (SIGWINCH). */
  onResize?: (cb: () => void) => void;
}

export interface ContainerListOptions {
  all: boolean;
  last?: number;
  /** `key=value` filters (Podman's ps filters) */
  filters?: string[];
  /** count the writable layer and image sizes */
  size?: boolean;
  /** fill Namespaces with the running containers' namespace ids (`ps --ns`) */
  namespaces?: boolean;
}

export interface ContainerRemoveOptions {
  force: boolean;
  all: boolean;
  ignore: boolean;
  volumes: boolean;
  /** `rm -f -t N`: seconds between the stop signal and SIGKILL (default: the container's stop timeout) */
  timeout?: number;
  /** `--depend`: also remove the containers that depend on these (first). */
  depend?: boolean;
}

export interface ContainerRemoveReport {
  id: string;
  /** The name or id the user gave, echoed back like Podman does. */
  requested: string;
  error?: Error;
}

export interface LogOptions {
  follow: boolean;
  timestamps: boolean;
  tail?: number;
  since?: Date;
  until?: Date;
  names: boolean;
}

export interface LogLine {
  container: { id: string; name: string };
  stream: "stdout" | "stderr";
  time: string;
  text: string;
  /** false when the line was cut by the log driver (a partial "P" line) */
  full: boolean;
}

export interface ContainerEngine {
  /** `progress` receives pull lines when the image has to be pulled first. */
  create(opts: ContainerCreateOptions, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; warnings: string[] }>;
  /** create + start; with detach it returns after start, else it streams output and returns the exit code */
  run(opts: ContainerCreateOptions, io: AttachStreams, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; exitCode?: number }>;
  start(nameOrIds: string[]): Promise<string[]>;
  /** Sends a signal (name like "TERM" or "SIGINT", or a number) to the container's process. */
  kill(nameOrId: string, signal: string): Promise<void>;
  list(opts: ContainerListOptions): Promise<ContainerListEntry[]>;
  inspect(nameOrIds: string[], opts?: { size?: boolean }): Promise<ContainerInspect[]>;
  remove(nameOrIds: string[], opts: ContainerRemoveOptions): Promise<ContainerRemoveReport[]>;
  logs(nameOrIds: string[], opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void>;
  /** conmon's exit command: record the exit, release resources, honour --rm */
  cleanup(nameOrId: string): Promise<void>;
  wait(nameOrIds: string[]): Promise<number[]>;
}
