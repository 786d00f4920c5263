/**
 * libpod routes for pods, volumes and networks (create, json, {name}/json, exists, DELETE) with
 * Podman's JSON shapes: what `tspod --remote` and `podman --remote` need for pod/volume/network
 * create, ls and rm.
 */
import type { ApiRequest } from "../api-request.ts";
import type { PodAction, PodCreateOptions } from "../../domain/pod-engine.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";

const pairs = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);

export async function podCreate(r: ApiRequest): Promise<void> {
  const s = Fields.of(await r.json(), "entities.PodSpecGenerator");
  const mode = s.sub("netns", "specgen.Namespace").str("nsmode");
  const opts: PodCreateOptions = {
    name: s.str("name") || undefined,
    infra: !s.bool("no_infra"),
    infraImage: s.str("infra_image") || undefined,
    infraCommand: s.strList("infra_command") || undefined,
    infraName: s.str("infra_name") || undefined,
    share: s.has("shared_namespaces") ? (s.strList("shared_namespaces") ?? []).join(",") : undefined,
    shareParent: s.has("share_parent") ? s.bool("share_parent") : undefined,
    network: mode && mode !== "default" ? mode : undefined,
    hostname: s.str("hostname") || undefined,
    labels: pairs(s.strMap("labels")),
    exitPolicy: s.str("exit_policy") || undefined,
    publish: [],
    addHost: [],
    dns: [],
    dnsSearch: [],
    dnsOption: [],
    noHosts: s.bool("no_manage_hosts"),
    replace: false,
    volumes: [],
    devices: [],
    securityOpt: [],
  };
  const { id } = await r.engines.pods.create(opts);
  r.reply.json(201, { Id: id });
}

export async function podList(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.pods.list({ filters: qFilters(r.query) }));
}

export async function podInspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.pods.inspect(r.params.name!));
}

export async function podExists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.pods.exists(r.params.name!))) throw exactError("no_such_pod", `no pod with name or ID ${r.params.name} found: no such pod`);
  r.reply.send(204);
}

export async function podRemove(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.pods.remove({ nameOrIds: [r.params.name!] }, { force: qBool(r.query, "force"), timeout: qInt(r.query, "timeout") });
  if (rep?.error) throw rep.error;
  r.reply.json(200, { Err: null, Id: rep!.id, RemovedCtrs: {} });
}

/** POST /libpod/pods/{name}/{start,stop,restart,kill,pause,unpause}: Podman's {Errs, Id}. */
export function podAction(action: PodAction) {
  return async (r: ApiRequest): Promise<void> => {
    const [rep] = await r.engines.pods.act(action, { nameOrIds: [r.params.name!] }, { timeout: qInt(r.query, "t") ?? qInt(r.query, "timeout"), signal: r.query.get("signal") || undefined });
    if (rep?.error) throw rep.error;
    r.reply.json(200, { Errs: null, Id: rep!.id });
  };
}

export async function volumeCreate(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "entities.VolumeCreateOptions");
  const name = await r.engines.volumes.create({
    name: b.str("Name") || undefined,
    driver: b.str("Driver") || undefined,
    labels: pairs(b.strMap("Label") ?? b.strMap("Labels")),
    options: pairs(b.strMap("Options")),
    ignore: b.bool("IgnoreIfExists"),
  });
  r.reply.json(201, await r.engines.volumes.inspect(name));
}

export async function volumeList(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.volumes.list(qFilters(r.query)));
}

export async function volumeInspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.volumes.inspect(r.params.name!));
}

export async function volumeExists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.volumes.exists(r.params.name!))) throw exactError("no_such_volume", `no volume with name "${r.params.name}" found: no such volume`);
  r.reply.send(204);
}

export async function volumeRemove(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.volumes.remove([r.params.name!], { all: false, force: qBool(r.query, "force"), timeout: qInt(r.query, "timeout") });
  if (rep?.error) throw rep.error;
  r.reply.send(204);
}

export async function networkCreate(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.Network");
  const subnets = b.list("subnets", "[]types.Subnet");
  if (subnets.some((s) => s.has("lease_range"))) throw exactError("not_implemented", "lease_range is not supported yet");
  const net = await r.engines.networks.create({
    name: b.str("name") || undefined,
    driver: b.str("driver") || undefined,
    subnets: subnets.map((s) => s.str("subnet") ?? ""),
    gateways: subnets.map((s) => s.str("gateway") ?? "").filter(Boolean),
    ipRanges: [],
    ipv6: b.bool("ipv6_enabled"),
    internal: b.bool("internal"),
    disableDns: b.has("dns_enabled") ? !b.bool("dns_enabled") : false,
    options: b.strMap("options") ?? {},
    labels: b.strMap("labels") ?? {},
    dns: b.strList("network_dns_servers") ?? [],
    interfaceName: b.str("network_interface") || undefined,
    ignoreExisting: qBool(r.query, "ignore"),
  });
  r.reply.json(200, net);
}

export async function networkList(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.networks.list(qFilters(r.query)));
}

export async function networkInspect(r: ApiRequest): Promise<void> {
  const { found, errors } = await r.engines.networks.inspect([r.params.name!]);
  if (errors[0]) throw errors[0];
  r.reply.json(200, found[0]);
}

export async function networkExists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.networks.exists(r.params.name!))) throw exactError("no_such_network", `unable to find network with name or ID ${r.params.name}: network not found`);
  r.reply.send(204);
}

export async function networkRemove(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.networks.remove([r.params.name!], qBool(r.query, "force"), qInt(r.query, "timeout"));
  if (rep?.error) throw rep.error;
  r.reply.json(200, [{ Name: rep!.name, Err: null }]);
}
