/** Podman's JSON views of a local image: `image inspect` and `history`. */
import { sha256Digest } from "../util/digest.ts";
import path from "node:path";
import type { ImageHistoryEntry, ImageInspect } from "../define/image-types.ts";
import type { ImageStore } from "../image/image-store.ts";
import type { GraphNode } from "./image-graph.ts";

/** containers/storage layer ids: the chain id of the layer stack up to each layer. */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d.replace(/^sha256:/, "") : sha256Digest(`sha256:${prev} ${d}`).slice(7));
  }
  return out;
}

export function inspectImage(store: ImageStore, node: GraphNode): ImageInspect {
  const { image, config } = node;
  const cc = (config.config ?? {}) as Record<string, unknown>;
  const layers = store.layerPaths(image);
  const top = layers[0];
  const data: Record<string, string> = {};
  if (layers.length > 1) data.LowerDir = layers.slice(1).join(":");
  if (top) {
    data.UpperDir = top;
    data.WorkDir = path.join(path.dirname(top), "work");
  }
  let annotations: Record<string, string> = {};
  try {
    const m = store.manifest(image);
    if (m) annotations = (JSON.parse(new TextDecoder().decode(m)) as { annotations?: Record<string, string> }).annotations ?? {};
  } catch {
    /* keep empty */
  }
  const labels = (cc.Labels as Record<string, string> | undefined) ?? null;
  return {
    Id: image.id,
    Digest: image.manifestDigest,
    RepoTags: image.names,
    RepoDigests: image.digests,
    Parent: node.parent?.image.id ?? "",
    Comment: typeof config.comment === "string" ? config.comment : "",
    Created: image.created,
    Config: cc,
    Version: typeof config.docker_version === "string" ? config.docker_version : "",
    Author: config.author ?? "",
    Architecture: config.architecture,
    Os: config.os,
    Size: image.size,
    VirtualSize: image.size,
    GraphDriver: { Name: "overlay", Data: data },
    RootFS: { Type: config.rootfs?.type ?? "layers", Layers: image.diffIds },
    Labels: labels && Object.keys(labels).length ? labels : null,
    Annotations: annotations,
    ...(cc.Healthcheck ? { HealthCheck: cc.Healthcheck as Record<string, unknown> } : {}),
    ManifestType: image.manifestMediaType,
    User: typeof cc.User === "string" ? cc.User : "",
    History: (config.history ?? []) as Record<string, unknown>[],
    NamesHistory: store.namesHistory(image.id),
  };
}

/** Newest entry first; ids of this image and its local ancestors where their history ends. */
export function imageHistory(store: ImageStore, node: GraphNode): ImageHistoryEntry[] {
  const { image, config } = node;
  const history = config.history?.length ? config.history : image.diffIds.map(() => ({}) as NonNullable<typeof config.history>[number]);
  const owner = new Map<number, GraphNode>();
  for (let n: GraphNode | undefined = node; n; n = n.parent) {
    const len = (n.config.history?.length ? n.config.history.length : n.image.diffIds.length) - 1;
    if (!owner.has(len)) owner.set(len, n);
  }
  let layer = 0;
  const rows: ImageHistoryEntry[] = history.map((h, i) => {
    let size = 0;
    if (!h.empty_layer) {
      const d = image.diffIds[layer++];
      size = d ? (store.layers.info(d)?.size ?? 0) : 0;
    }
    const o = owner.get(i);
    return {
      id: o ? o.image.id : "<missing>",
      created: Math.floor(Date.parse(h.created ?? image.created) / 1000) || 0,
      CreatedBy: h.created_by ?? "",
      size,
      Comment: h.comment ?? "",
      Tags: o && o.image.names.length ? o.image.names : null,
    };
  });
  return rows.reverse();
}
