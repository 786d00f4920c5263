/** PodEngine over the libpod API: pod create (Podman's PodSpecGenerator), ps, rm, inspect, exists. */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { PodInspect, PodListEntry } from "../define/pod-types.ts";
import type { PodAction, PodActionOptions, PodCreateOptions, PodEngine, PodReport, PodTargets } from "../domain/pod-engine.ts";
import { isErrorCode } from "../errors/tspod-error.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import { filtersQuery } from "./remote-filters.ts";
import { keyValues } from "./key-values.ts";

const enc = encodeURIComponent;

/** Options the PodSpecGenerator below carries. */
const CARRIED = new Set(["name", "infra", "infraImage", "infraCommand", "infraName", "labels", "hostname", "share", "shareParent", "network", "exitPolicy"]);

/** Values the CLI fills in by default: not a request for the option. */
const DEFAULTS: Record<string, unknown> = { shmSize: "65536k" };

function given(k: string, v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || DEFAULTS[k] === v) return false;
  return !Array.isArray(v) || v.length > 0;
}

export class RemotePodEngine implements Partial<PodEngine> {
  constructor(private readonly api: ApiClient) {}

  async create(o: PodCreateOptions): Promise<{ id: string }> {
    for (const [k, v] of Object.entries(o)) {
      if (!CARRIED.has(k) && given(k, v)) throw notSupportedRemotely(`pod create --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    }
    const spec: Record<string, unknown> = {
      name: o.name,
      no_infra: !o.infra,
      infra_image: o.infraImage,
      infra_command: o.infraCommand,
      infra_name: o.infraName,
      labels: keyValues(o.labels),
      hostname: o.hostname,
      shared_namespaces: o.share !== undefined ? o.share.split(",").filter(Boolean) : undefined,
      share_parent: o.shareParent,
      exit_policy: o.exitPolicy,
    };
    if (o.network) spec.netns = { nsmode: o.network };
    const res = await this.api.json<{ Id: string }>("POST", "/libpod/pods/create", { body: spec });
    return { id: res.Id };
  }

  async list(opts: { filters: string[] }): Promise<PodListEntry[]> {
    return (await this.api.json<PodListEntry[] | null>("GET", "/libpod/pods/json", { query: { filters: filtersQuery(opts.filters) } })) ?? [];
  }

  async remove(t: PodTargets, opts: { force: boolean; timeout?: number }): Promise<PodReport[]> {
    const names = t.all ? (await this.list({ filters: [] })).map((p) => p.Id) : t.nameOrIds;
    const reports: PodReport[] = [];
    for (const n of names) {
      try {
        const r = await this.api.json<{ Id: string; Err?: string | null }>("DELETE", `/libpod/pods/${enc(n)}`, { query: { force: opts.force, timeout: opts.timeout } });
        reports.push({ id: r.Id, requested: n, error: r.Err ? new Error(r.Err) : undefined });
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_pod")) continue;
        reports.push({ id: "", requested: n, error: err as Error });
      }
    }
    return reports;
  }

  async act(action: PodAction, t: PodTargets, opts: PodActionOptions = {}): Promise<PodReport[]> {
    const names = t.all ? (await this.list({ filters: [] })).map((p) => p.Id) : t.nameOrIds;
    const reports: PodReport[] = [];
    for (const n of names) {
      try {
        const r = await this.api.json<{ Id: string }>("POST", `/libpod/pods/${enc(n)}/${action}`, { query: { t: opts.timeout, signal: opts.signal } });
        reports.push({ id: r.Id, requested: n });
      } catch (err) {
        if (t.ignore && isErrorCode(err, "no_such_pod")) continue;
        reports.push({ id: "", requested: n, error: err as Error });
      }
    }
    return reports;
  }

  inspect(nameOrId: string): Promise<PodInspect> {
    return this.api.json<PodInspect>("GET", `/libpod/pods/${enc(nameOrId)}/json`);
  }

  async exists(nameOrId: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/pods/${enc(nameOrId)}/exists`, { allowError: true });
    await res.text();
    return res.status === 204;
  }
}
