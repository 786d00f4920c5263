/** Podman's /libpod/system routes: df (SystemDfReport) and prune (SystemPruneReport). */
import type { ApiRequest } from "../api-request.ts";
import { qBool, qFilters } from "../api-params.ts";

export async function df(r: ApiRequest): Promise<void> {
  const [images, containers, volumes] = await Promise.all([r.engines.images.list({ all: false }), r.engines.containers.list({ all: true, size: true }), r.engines.volumes.list([])]);
  const inUse = new Set(containers.flatMap((c) => c.Mounts ?? []));
  r.reply.json(200, {
    Images: images.flatMap((i) => {
      const tags = i.RepoTags?.length ? i.RepoTags : ["<none>:<none>"];
      return tags.map((t) => {
        const at = t.lastIndexOf(":");
        return { Repository: t.slice(0, at), Tag: t.slice(at + 1), ImageID: i.Id, Created: new Date(i.Created * 1000).toISOString(), Size: i.Size, SharedSize: i.SharedSize, UniqueSize: i.Size - i.SharedSize, Containers: i.Containers };
      });
    }),
    Containers: containers.map((c) => ({
      ContainerID: c.Id,
      Image: c.ImageID,
      Command: c.Command,
      LocalVolumes: (c.Mounts ?? []).length,
      Size: c.Size?.rootFsSize ?? 0,
      RWSize: c.Size?.rwSize ?? 0,
      Created: new Date(c.Created * 1000).toISOString(),
      Status: c.Status,
      Names: c.Names[0] ?? "",
    })),
    Volumes: volumes.map((v) => ({ VolumeName: v.Name, Links: inUse.has(v.Name) ? 1 : 0, Size: 0, ReclaimableSize: 0 })),
  });
}

/** POST /libpod/system/prune?all=&volumes=&filters=: stopped containers, pods, networks, images (and volumes). */
export async function prune(r: ApiRequest): Promise<void> {
  const filters = qFilters(r.query);
  const pods = await r.engines.pods.prune();
  const ctrs = await r.engines.lifecycle.prune(filters);
  const nets = await r.engines.networks.prune(filters);
  const vols = qBool(r.query, "volumes") ? await r.engines.volumes.prune(filters) : [];
  const imgs = await r.engines.imageStore.prune({ all: qBool(r.query, "all"), filters });
  const err = (e?: Error) => (e ? e.message : null);
  r.reply.json(200, {
    PodPruneReport: pods.map((p) => ({ Err: err(p.error), Id: p.id })),
    ContainerPruneReports: ctrs.map((c) => ({ Id: c.id, Size: 0, Err: err(c.error) })),
    ImagePruneReports: imgs.map((id) => ({ Id: id, Size: 0, Err: null })),
    NetworkPruneReports: nets.map((n) => ({ Name: n, Error: null })),
    VolumePruneReports: vols.map((v) => ({ Id: v, Size: 0, Err: null })),
    ReclaimedSpace: 0,
  });
}
