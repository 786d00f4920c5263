/** Podman's /libpod/pods routes: create (PodSpecGenerator), json, inspect, actions, rm, prune, exists, top, stats. */
import type { ApiRequest } from "../api-request.ts";
import type { PodAction, PodCreateOptions } from "../../domain/pod-engine.ts";
import { exactError, isErrorCode } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";
import { publishFlag } from "./specgen-extras.ts";

const entries = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);

/** PodSpecGenerator (the fields tspod supports) → our options (exported for unit tests). */
export function podOptionsFromSpec(body: unknown): PodCreateOptions {
  const s = Fields.of(body, "entities.PodSpec");
  const ports = s.list("portmappings", "[]types.PortMapping").map((p) => {
    const host = p.int("host_port") ?? 0;
    const ctr = p.int("container_port") ?? 0;
    const ip = p.str("host_ip");
    const proto = p.str("protocol") || "tcp";
    return publishFlag(ip, host ? String(host) : "", String(ctr), proto.split(",")[0] ?? "tcp");
  });
  const nsmode = s.sub("netns", "specgen.Namespace").str("nsmode");
  const nets = Object.keys(Fields.raw(s.sub("Networks", "map[string]types.PerNetworkOptions")));
  const network = nets.length ? nets.join(",") : nsmode && nsmode !== "default" ? nsmode : undefined;
  const shared = s.strList("shared_namespaces");
  return {
    name: s.str("name") || undefined,
    infra: !s.bool("no_infra"),
    infraImage: s.str("infra_image") || undefined,
    infraCommand: s.strList("infra_command"),
    infraName: s.str("infra_name") || undefined,
    infraConmonPidFile: s.str("infra_conmon_pid_file") || undefined,
    share: shared?.length ? shared.join(",") : undefined,
    shareParent: s.has("share_parent") ? s.bool("share_parent") : undefined,
    network,
    publish: ports,
    addHost: s.strList("hostadd") ?? [],
    dns: s.strList("dns_server") ?? [],
    dnsSearch: s.strList("dns_search") ?? [],
    dnsOption: s.strList("dns_option") ?? [],
    hostname: s.str("hostname") || undefined,
    noHosts: s.bool("no_manage_hosts"),
    labels: entries(s.strMap("labels")),
    cgroupParent: s.str("cgroup_parent") || undefined,
    replace: false,
    exitPolicy: s.str("exit_policy") || undefined,
    volumes: [],
    devices: [],
    securityOpt: [],
  };
}

export async function create(r: ApiRequest): Promise<void> {
  const { id } = await r.engines.pods.create(podOptionsFromSpec(await r.json()));
  r.reply.json(201, { Id: id });
}

export async function list(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.pods.list({ filters: qFilters(r.query) }));
}

export async function inspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.pods.inspect(r.params.name!));
}

export async function exists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.pods.exists(r.params.name!))) throw exactError("no_such_pod", `no pod with name or ID ${r.params.name} found: no such pod`);
  r.reply.send(204);
}

/** The state a pod is already in when the action has nothing to do (Podman answers 304). */
const DONE_STATE: Partial<Record<PodAction, string[]>> = { start: ["Running"], stop: ["Exited", "Stopped", "Created"], pause: ["Paused"], unpause: ["Running"] };

function act(action: PodAction) {
  return async (r: ApiRequest): Promise<void> => {
    const pod = await r.engines.pods.inspect(r.params.name!);
    if (DONE_STATE[action]?.includes(pod.State) && pod.NumContainers > 0) return r.reply.send(304);
    const timeout = qInt(r.query, "t") ?? qInt(r.query, "timeout");
    const [rep] = await r.engines.pods.act(action, { nameOrIds: [pod.Id] }, { timeout, signal: r.query.get("signal") || undefined });
    if (rep?.error) throw rep.error;
    r.reply.json(200, { Errs: null, Id: pod.Id });
  };
}

export const start = act("start");
export const stop = act("stop");
export const restart = act("restart");
export const kill = act("kill");
export const pause = act("pause");
export const unpause = act("unpause");

export async function remove(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.pods.remove({ nameOrIds: [r.params.name!] }, { force: qBool(r.query, "force"), timeout: qInt(r.query, "timeout") });
  if (rep?.error) throw rep.error;
  r.reply.json(200, { Err: null, Id: rep!.id, RemovedCtrs: {} });
}

export async function prune(r: ApiRequest): Promise<void> {
  const reports = await r.engines.pods.prune();
  r.reply.json(200, reports.map((x) => ({ Err: x.error ? x.error.message : null, Id: x.id })));
}

export async function top(r: ApiRequest): Promise<void> {
  const psArgs = r.query.get("ps_args");
  const descriptors = psArgs ? psArgs.split(/[\s,]+/).filter(Boolean) : [];
  let ids: string[];
  try {
    ids = await r.engines.pods.containerIds(r.params.name!, { running: true });
  } catch (err) {
    if (isErrorCode(err, "no_such_pod")) throw exactError("no_such_pod", `no pod with name or ID ${r.params.name} found: no such pod`);
    throw err;
  }
  if (ids.length === 0) throw exactError("ctr_state_invalid", `pod ${r.params.name} is not running: container state improper`);
  let titles: string[] = [];
  const processes: string[][] = [];
  for (const id of ids) {
    const rep = await r.engines.containerExec.top(id, descriptors);
    titles = rep.headers;
    processes.push(...rep.rows);
  }
  r.reply.json(200, { Titles: titles, Processes: processes });
}

/** GET /pods/stats?namesOrIDs=…&all=: Podman's PodStatsReport list (strings, as `pod stats --format json`). */
export async function stats(r: ApiRequest): Promise<void> {
  const named = r.query.getAll("namesOrIDs").flatMap((x) => x.split(",")).filter(Boolean);
  const pods = named.length && !qBool(r.query, "all") ? named : (await r.engines.pods.list({ filters: [] })).map((p) => p.Id);
  const out: Record<string, string>[] = [];
  const pct = (n: number) => `${n.toFixed(2)}%`;
  const size = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(3)}GB` : n >= 1e6 ? `${(n / 1e6).toFixed(3)}MB` : n >= 1e3 ? `${(n / 1e3).toFixed(3)}kB` : `${n}B`);
  for (const name of pods) {
    const pod = await r.engines.pods.inspect(name);
    const ids = await r.engines.pods.containerIds(pod.Id, { running: true });
    if (ids.length === 0) continue;
    for (const s of await r.engines.containerExec.stats(ids, false)) {
      out.push({
        CPU: pct(s.CPU),
        MemUsage: `${size(s.MemUsage)} / ${size(s.MemLimit)}`,
        MemUsageBytes: `${size(s.MemUsage)} / ${size(s.MemLimit)}`,
        Mem: pct(s.MemPerc),
        NetIO: `${size(s.NetInput)} / ${size(s.NetOutput)}`,
        BlockIO: `${size(s.BlockInput)} / ${size(s.BlockOutput)}`,
        PIDS: String(s.PIDs),
        Pod: pod.Id.slice(0, 12),
        CID: s.ContainerID.slice(0, 12),
        Name: s.Name,
      });
    }
  }
  r.reply.json(200, out);
}
