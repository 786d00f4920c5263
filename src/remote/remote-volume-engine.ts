/** VolumeEngine over the libpod API: create, ls, inspect, rm, exists. */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { VolumeInspect } from "../define/volume-types.ts";
import type { VolumeCreateOptions, VolumeEngine, VolumeRemoveReport } from "../domain/volume-engine.ts";
import { filtersQuery } from "./remote-filters.ts";
import { keyValues } from "./key-values.ts";

const enc = encodeURIComponent;

export class RemoteVolumeEngine implements Partial<VolumeEngine> {
  constructor(private readonly api: ApiClient) {}

  async create(o: VolumeCreateOptions): Promise<string> {
    const v = await this.api.json<VolumeInspect>("POST", "/libpod/volumes/create", {
      body: { Name: o.name ?? "", Driver: o.driver ?? "", Label: keyValues(o.labels), Options: keyValues(o.options), IgnoreIfExists: o.ignore },
    });
    return v.Name;
  }

  async list(filters: string[]): Promise<VolumeInspect[]> {
    return (await this.api.json<VolumeInspect[] | null>("GET", "/libpod/volumes/json", { query: { filters: filtersQuery(filters) } })) ?? [];
  }

  inspect(nameOrPrefix: string): Promise<VolumeInspect> {
    return this.api.json<VolumeInspect>("GET", `/libpod/volumes/${enc(nameOrPrefix)}/json`);
  }

  async remove(names: string[], opts: { all: boolean; force: boolean; timeout?: number }): Promise<VolumeRemoveReport[]> {
    const targets = opts.all ? (await this.list([])).map((v) => v.Name) : names;
    const reports: VolumeRemoveReport[] = [];
    for (const name of targets) {
      try {
        await this.api.call("DELETE", `/libpod/volumes/${enc(name)}`, { query: { force: opts.force, timeout: opts.timeout } });
        reports.push({ name });
      } catch (err) {
        reports.push({ name, error: err as Error });
      }
    }
    return reports;
  }

  async exists(name: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/volumes/${enc(name)}/exists`, { allowError: true });
    await res.text();
    return res.status === 204;
  }
}
