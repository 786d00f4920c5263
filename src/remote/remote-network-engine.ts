/** NetworkEngine over the libpod API: create, ls, inspect, rm, exists, prune, connect, disconnect. */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";
import type { NetworkEngine, NetworkRemoveReport } from "../domain/network-engine.ts";
import type { NetworkConfig } from "../network/network-types.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import { filtersQuery } from "./remote-filters.ts";

const enc = encodeURIComponent;

export class RemoteNetworkEngine implements Partial<NetworkEngine> {
  constructor(private readonly api: ApiClient) {}

  async create(req: NetworkCreateRequest): Promise<NetworkConfig> {
    if (req.ipRanges.length > 0) throw notSupportedRemotely("network create --ip-range");
    const body = {
      name: req.name,
      driver: req.driver,
      subnets: req.subnets.map((subnet, i) => ({ subnet, gateway: req.gateways[i] })),
      ipv6_enabled: req.ipv6,
      internal: req.internal,
      dns_enabled: !req.disableDns,
      options: req.options,
      labels: req.labels,
      network_dns_servers: req.dns.length ? req.dns : undefined,
      network_interface: req.interfaceName,
    };
    return this.api.json<NetworkConfig>("POST", "/libpod/networks/create", { body, query: { ignore: req.ignoreExisting || undefined } });
  }

  async list(filters: string[]): Promise<NetworkConfig[]> {
    return (await this.api.json<NetworkConfig[] | null>("GET", "/libpod/networks/json", { query: { filters: filtersQuery(filters) } })) ?? [];
  }

  async inspect(namesOrIds: string[]): Promise<{ found: NetworkConfig[]; errors: Error[] }> {
    const found: NetworkConfig[] = [];
    const errors: Error[] = [];
    for (const n of namesOrIds) {
      try {
        found.push(await this.api.json<NetworkConfig>("GET", `/libpod/networks/${enc(n)}/json`));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return { found, errors };
  }

  async remove(namesOrIds: string[], force: boolean, timeout?: number): Promise<NetworkRemoveReport[]> {
    const reports: NetworkRemoveReport[] = [];
    for (const n of namesOrIds) {
      try {
        const res = await this.api.json<{ Name: string; Err?: string | null }[]>("DELETE", `/libpod/networks/${enc(n)}`, { query: { force, timeout } });
        for (const r of res) reports.push({ name: r.Name, error: r.Err ? new Error(r.Err) : undefined });
      } catch (err) {
        reports.push({ name: n, error: err as Error });
      }
    }
    return reports;
  }

  async prune(filters: string[]): Promise<string[]> {
    const res = await this.api.json<{ Name: string; Error?: string | null }[] | null>("POST", "/libpod/networks/prune", { query: { filters: filtersQuery(filters) } });
    return (res ?? []).map((r) => r.Name);
  }

  /** Podman's entities.NetworkConnectOptions: the container and its per-network options. */
  async connect(network: string, container: string, opts: { ips: string[]; mac?: string; aliases: string[] }): Promise<void> {
    const body = { container, static_ips: opts.ips.length ? opts.ips : undefined, static_mac: opts.mac, aliases: opts.aliases.length ? opts.aliases : undefined };
    await this.api.call("POST", `/libpod/networks/${enc(network)}/connect`, { body });
  }

  async disconnect(network: string, container: string, force: boolean): Promise<void> {
    await this.api.call("POST", `/libpod/networks/${enc(network)}/disconnect`, { body: { Container: container, Force: force } });
  }

  async exists(nameOrId: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/networks/${enc(nameOrId)}/exists`, { allowError: true });
    await res.text();
    return res.status === 204;
  }
}
