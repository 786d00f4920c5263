/** Pod shapes shared by engine, CLI and API (Podman's wire casing). */

/** One entry of `podman pod ps --format json`. */
export interface PodListEntry {
  Cgroup: string;
  Containers: { Id: string; Names: string; Status: string }[];
  Created: string;
  Id: string;
  InfraId: string;
  Name: string;
  Namespace: string;
  Networks: string[];
  Status: string;
  Labels: Record<string, string>;
}

/** `podman pod inspect` (4.3's fields). */
export interface PodInspect {
  Id: string;
  Name: string;
  Created: string;
  CreateCommand: string[];
  ExitPolicy: string;
  State: string;
  Hostname: string;
  Labels?: Record<string, string>;
  CreateCgroup: boolean;
  CgroupParent: string;
  CgroupPath: string;
  CreateInfra: boolean;
  InfraContainerID?: string;
  InfraConfig?: Record<string, unknown>;
  SharedNamespaces?: string[];
  NumContainers: number;
  Containers: { Id: string; Name: string; State: string }[];
  [key: string]: unknown;
}
