/**
 * What the CLI and the API ask of pods (Podman's pods: containers sharing namespaces held by an
 * infra container). `local/` implements it over the engine.
 */
import type { PodInspect, PodListEntry } from "../define/pod-types.ts";

export interface PodCreateOptions {
  name?: string;
  /** default true */
  infra: boolean;
  infraImage?: string;
  infraCommand?: string[];
  infraName?: string;
  infraConmonPidFile?: string;
  /** `--share` as given (comma-separated; a leading `+` adds to the defaults). */
  share?: string;
  shareParent?: boolean;
  network?: string;
  publish: string[];
  ip?: string;
  mac?: string;
  addHost: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOption: string[];
  hostname?: string;
  noHosts: boolean;
  labels: string[];
  cgroupParent?: string;
  podIdFile?: string;
  replace: boolean;
  exitPolicy?: string;
  cpus?: string;
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  memory?: string;
  memorySwap?: string;
  volumes: string[];
  devices: string[];
  securityOpt: string[];
  userns?: string;
  uidmap?: string[];
  gidmap?: string[];
  subuidname?: string;
  subgidname?: string;
  /** `--shm-size`, `--sysctl`, `--pid`, `--uts`, `--volumes-from` (the infra container's), `--label-file`. */
  shmSize?: string;
  sysctls?: string[];
  pid?: string;
  uts?: string;
  volumesFrom?: string[];
  labelFiles?: string[];
  /** `--network-alias`, `--ip6`: the infra container's. */
  networkAliases?: string[];
  ip6?: string;
  /** Block I/O limits on the pod's cgroup: `--blkio-weight`, `--blkio-weight-device`, `--device-read-bps`, `--device-write-bps`. */
  blkioWeight?: number;
  blkioWeightDevice?: string[];
  deviceReadBps?: string[];
  deviceWriteBps?: string[];
}

export interface PodCloneOptions {
  name?: string;
  destroy: boolean;
  start: boolean;
  /** `pod create` flags given to `pod clone`: they replace the source pod's settings. */
  overrides?: Partial<PodCreateOptions>;
}

/** Which pods an operation acts on. */
export interface PodTargets {
  nameOrIds: string[];
  all?: boolean;
  /** `--ignore`: names that do not exist are skipped. */
  ignore?: boolean;
}

export interface PodReport {
  id: string;
  requested: string;
  error?: Error;
}

export type PodAction = "start" | "stop" | "restart" | "kill" | "pause" | "unpause";

export interface PodActionOptions {
  /** stop/restart: seconds before SIGKILL */
  timeout?: number;
  /** kill: the signal */
  signal?: string;
}

export interface PodEngine {
  create(opts: PodCreateOptions): Promise<{ id: string }>;
  /** start, stop, restart, kill, pause, unpause on each target (reports keep the order). */
  act(action: PodAction, targets: PodTargets, opts?: PodActionOptions): Promise<PodReport[]>;
  remove(targets: PodTargets, opts: { force: boolean; timeout?: number }): Promise<PodReport[]>;
  list(opts: { filters: string[] }): Promise<PodListEntry[]>;
  inspect(nameOrId: string): Promise<PodInspect>;
  exists(nameOrId: string): Promise<boolean>;
  /** Removes every pod whose containers are all stopped or exited; the ids removed. */
  prune(): Promise<PodReport[]>;
  /** The ids of the pod's containers (infra first), e.g. for top, stats and logs. */
  containerIds(nameOrId: string, opts?: { running?: boolean }): Promise<string[]>;
  /** `pod clone`: a new pod with the same settings (and new values from `opts`). */
  clone(nameOrId: string, opts: PodCloneOptions): Promise<{ id: string }>;
}
