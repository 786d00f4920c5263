/** NetworkEngine over the libpod API: create, ls, inspect, rm, exists. */
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

  async exists(nameOrId: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/networks/${enc(nameOrId)}/exists`, { allowError: true });
    await res.text();
    return res.status === 204;
  }
}
