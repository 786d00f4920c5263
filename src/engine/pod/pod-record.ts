/**
 * A pod as the engine stores it: Podman's pod (Kubernetes' idea on one host) — a group of
 * containers that share namespaces held by an infra container. A pod has no state of its own:
 * its status is derived from its containers'.
 */

export type PodExitPolicy = "continue" | "stop";

/** The namespaces a pod can share (Podman's `--share` words). */
export const SHAREABLE_NAMESPACES = ["cgroup", "ipc", "net", "pid", "uts"] as const;
export type ShareableNamespace = (typeof SHAREABLE_NAMESPACES)[number];

/** The network settings given to `pod create`; they configure the infra container. */
export interface PodNetworkConfig {
  /** `--network` as given ("" = the default). */
  network: string;
  publish: string[];
  ip: string;
  mac: string;
  addHost: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOption: string[];
  noHosts: boolean;
  /** `--network-alias`, `--ip6` (absent in older records). */
  aliases?: string[];
  ip6?: string;
}

/** Limits applied to the pod's cgroup (parsed values; 0 = none). */
export interface PodResources {
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
  cpuShares: number;
  cpusetCpus: string;
  cpusetMems: string;
  memory: number;
  memorySwap: number;
  /** Block I/O (absent in older records): weight, and `MAJOR:MINOR VALUE` lines as the cgroup files take them. */
  blkioWeight?: number;
  blkioWeightDevice?: string[];
  deviceReadBps?: string[];
  deviceWriteBps?: string[];
}

export interface PodConfig {
  id: string;
  name: string;
  created: string;
  createCommand: string[];
  labels: Record<string, string>;
  /** `--hostname`; members and the infra container use it ("" = the pod's name). */
  hostname: string;
  /** `--cgroup-parent` as given ("" = the default). */
  cgroupParent: string;
  /** The pod's cgroup, under which every member's cgroup lives. */
  cgroupPath: string;
  exitPolicy: PodExitPolicy;
  sharedNamespaces: ShareableNamespace[];
  /** `--share-parent`: members' cgroups go under the pod's cgroup (default true). */
  shareParent: boolean;
  infra: boolean;
  /** The infra container's id ("" without infra, or before it is created). */
  infraId: string;
  infraImage: string;
  infraCommand: string[];
  infraName: string;
  infraConmonPidFile: string;
  network: PodNetworkConfig;
  resources: PodResources;
  /** Given to every member (`--volume`, `--device`, `--security-opt`), and `--userns` as given. */
  volumes: string[];
  devices: string[];
  securityOpt: string[];
  userns: string;
  /** `--uidmap`, `--gidmap`, `--subuidname`, `--subgidname` (absent in older records). */
  idmap?: PodIdMapFlags;
  /** The infra container's `--shm-size`, `--sysctl`, `--pid`, `--uts`, `--volumes-from` (absent in older records). */
  infraFlags?: PodInfraFlags;
}

export interface PodInfraFlags {
  shmSize?: string;
  sysctls: string[];
  pid?: string;
  uts?: string;
  volumesFrom: string[];
}

export interface PodIdMapFlags {
  uidmap: string[];
  gidmap: string[];
  subuidname: string;
  subgidname: string;
}

/** Whether the pod's infra container has its own user namespace, which members then join. */
export function podHasUserns(pod: PodConfig): boolean {
  const m = pod.idmap;
  const mapped = !!m && (m.uidmap.length > 0 || m.gidmap.length > 0 || !!m.subuidname || !!m.subgidname);
  return pod.infra && (mapped || (pod.userns !== "" && pod.userns !== "host"));
}

export const POD_LOCK_PREFIX = "pod-";

/** The lock key of a pod (pod locks are taken before container locks). */
export function podLockKey(id: string): string {
  return POD_LOCK_PREFIX + id;
}
