/** Docker's volume routes (list, inspect, create, remove, prune) in Docker's shapes. */
import type { ApiRequest } from "../api-request.ts";
import type { VolumeInspect } from "../../define/volume-types.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters } from "../api-params.ts";
import { Fields } from "./body-fields.ts";

export function dockerVolume(v: VolumeInspect): Record<string, unknown> {
  return { CreatedAt: v.CreatedAt, Driver: v.Driver, Labels: v.Labels ?? {}, Mountpoint: v.Mountpoint, Name: v.Name, Options: v.Options ?? {}, Scope: v.Scope || "local" };
}

export async function list(r: ApiRequest): Promise<void> {
  const vols = await r.engines.volumes.list(qFilters(r.query));
  r.reply.json(200, { Volumes: vols.map(dockerVolume), Warnings: [] });
}

export async function inspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, dockerVolume(await r.engines.volumes.inspect(r.params.name!)));
}

export async function create(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "volume.VolumeCreateBody").only(["Name", "Driver", "DriverOpts", "Labels", "ClusterVolumeSpec"]);
  if (b.has("ClusterVolumeSpec")) throw exactError("invalid_argument", "cluster volumes (ClusterVolumeSpec) are not supported");
  const name = b.str("Name") || undefined;
  // Docker answers with the existing volume when the name is taken
  if (name && (await r.engines.volumes.exists(name))) {
    const existing = await r.engines.volumes.inspect(name);
    if (existing.Name === name) return r.reply.json(201, dockerVolume(existing));
  }
  const opts = Object.entries(b.strMap("DriverOpts") ?? {}).map(([k, v]) => `${k}=${v}`);
  const labels = Object.entries(b.strMap("Labels") ?? {}).map(([k, v]) => `${k}=${v}`);
  const created = await r.engines.volumes.create({ name, driver: b.str("Driver") || undefined, options: opts, labels, ignore: true });
  r.reply.json(201, dockerVolume(await r.engines.volumes.inspect(created)));
}

export async function remove(r: ApiRequest): Promise<void> {
  const v = await r.engines.volumes.inspect(r.params.name!);
  if (v.Name !== r.params.name) throw exactError("no_such_volume", `no volume with name ${JSON.stringify(r.params.name)} found: no such volume`);
  const [report] = await r.engines.volumes.remove([v.Name], { all: false, force: qBool(r.query, "force") });
  if (report?.error) throw report.error;
  r.reply.send(204);
}

export async function prune(r: ApiRequest): Promise<void> {
  const gone = await r.engines.volumes.prune(qFilters(r.query));
  r.reply.json(200, { VolumesDeleted: gone, SpaceReclaimed: 0 });
}
