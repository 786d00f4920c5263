/** Podman's /libpod/networks routes: create (types.Network), json, {name}/json, exists, DELETE, prune, connect, disconnect. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";

export async function create(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.Network");
  const subnets = b.list("subnets", "[]types.Subnet");
  const cfg = await r.engines.networks.create({
    name: b.str("name") || undefined,
    driver: b.str("driver") || undefined,
    subnets: subnets.map((s) => s.str("subnet") ?? "").filter(Boolean),
    gateways: subnets.map((s) => s.str("gateway") ?? "").filter(Boolean),
    ipRanges: [],
    ipv6: b.bool("ipv6_enabled"),
    internal: b.bool("internal"),
    disableDns: !b.bool("dns_enabled"),
    options: b.strMap("options") ?? {},
    labels: b.strMap("labels") ?? {},
    dns: b.strList("network_dns_servers") ?? [],
    interfaceName: b.str("network_interface") || undefined,
  });
  r.reply.json(200, cfg);
}

export async function list(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.networks.list(qFilters(r.query)));
}

export async function inspect(r: ApiRequest): Promise<void> {
  const { found, errors } = await r.engines.networks.inspect([r.params.name!]);
  if (errors[0]) throw errors[0];
  r.reply.json(200, found[0]);
}

export async function exists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.networks.exists(r.params.name!))) throw exactError("no_such_network", "network not found");
  r.reply.send(204);
}

export async function remove(r: ApiRequest): Promise<void> {
  const reports = await r.engines.networks.remove([r.params.name!], qBool(r.query, "force"), qInt(r.query, "timeout"));
  const failed = reports.find((x) => x.error);
  if (failed) throw failed.error;
  r.reply.json(200, reports.map((x) => ({ Name: x.name, Err: null })));
}

export async function prune(r: ApiRequest): Promise<void> {
  const names = await r.engines.networks.prune(qFilters(r.query));
  r.reply.json(200, names.map((n) => ({ Name: n, Error: null })));
}

export async function connect(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "entities.NetworkConnectOptions");
  const container = b.str("container") ?? b.str("Container");
  if (!container) throw exactError("invalid_argument", "container name or ID must be set");
  await r.engines.networks.connect(r.params.name!, container, { ips: b.strList("static_ips") ?? [], mac: b.str("static_mac") || undefined, aliases: b.strList("aliases") ?? [] });
  r.reply.send(200, "OK");
}

export async function disconnect(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.NetworkDisconnect");
  const container = b.str("Container") ?? b.str("container");
  if (!container) throw exactError("invalid_argument", "container name or ID must be set");
  await r.engines.networks.disconnect(r.params.name!, container, b.bool("Force"));
  r.reply.send(200, "OK");
}
