/** What the CLI and the API ask of networks (`tspod network …`), and the network create/run flags. */
import type { NetworkConfig } from "../network/network-types.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";

/** `run`/`create` network flags as the user typed them. */
export interface ContainerNetFlags {
  publish: string[];
  publishAll: boolean;
  expose: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  addHosts: string[];
  noHosts: boolean;
  ip?: string;
  ip6?: string;
  mac?: string;
  aliases: string[];
}

export type { NetworkCreateRequest } from "../define/network-types.ts";

export interface NetworkRemoveReport {
  name: string;
  error?: Error;
}

export interface NetworkEngine {
  create(req: NetworkCreateRequest): Promise<NetworkConfig>;
  list(filters: string[]): Promise<NetworkConfig[]>;
  inspect(namesOrIds: string[]): Promise<{ found: NetworkConfig[]; errors: Error[] }>;
  /** `force` stops and removes the containers using the network first. */
  remove(namesOrIds: string[], force: boolean, timeout?: number): Promise<NetworkRemoveReport[]>;
  prune(filters: string[]): Promise<string[]>;
  exists(nameOrId: string): Promise<boolean>;
  connect(network: string, container: string, opts: { ips: string[]; mac?: string; aliases: string[] }): Promise<void>;
  disconnect(network: string, container: string, force: boolean): Promise<void>;
  /** Re-creates the firewall rules (and veths) of running containers; returns their ids. */
  reload(containers: string[], all: boolean): Promise<{ id: string; error?: Error }[]>;
}
