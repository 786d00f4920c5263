/** Podman's /libpod/volumes routes: create, json, {name}/json, {name}/exists, DELETE, prune. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";

const entries = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);

export async function create(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "entities.VolumeCreateOptions");
  const name = await r.engines.volumes.create({
    name: b.str("Name") || undefined,
    driver: b.str("Driver") || undefined,
    options: entries(b.strMap("Options")),
    labels: entries({ ...b.strMap("Label"), ...b.strMap("Labels") }),
    ignore: b.bool("IgnoreIfExists"),
  });
  r.reply.json(201, await r.engines.volumes.inspect(name));
}

export async function list(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.volumes.list(qFilters(r.query)));
}

export async function inspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.volumes.inspect(r.params.name!));
}

export async function exists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.volumes.exists(r.params.name!))) throw exactError("no_such_volume", "no such volume");
  r.reply.send(204);
}

export async function remove(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.volumes.remove([r.params.name!], { all: false, force: qBool(r.query, "force"), timeout: qInt(r.query, "timeout") });
  if (rep?.error) throw rep.error;
  r.reply.send(204);
}

export async function prune(r: ApiRequest): Promise<void> {
  const names = await r.engines.volumes.prune(qFilters(r.query));
  r.reply.json(200, names.map((n) => ({ Id: n, Size: 0 })));
}
