/** ImageEngine over the local image store. */
import type { ImageEngine, ProgressSink, PullOptions } from "../domain/image-engine.ts";
import type { ImageListEntry } from "../define/image-types.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { timeAgo } from "../util/human-duration.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { ImageGraph } from "./image-graph.ts";
import { buildImageFilter } from "./image-filters.ts";

function listEntry(image: ImageRecord, labels: Record<string, string> | undefined, containers: number, parent: string): ImageListEntry {
  const created = Math.floor(Date.parse(image.created) / 1000);
  return {
    Id: image.id,
    ParentId: parent,
    RepoTags: image.names.length ? image.names : null,
    RepoDigests: image.digests.length ? image.digests : null,
    Size: image.size,
    SharedSize: 0,
    VirtualSize: image.size,
    Labels: labels && Object.keys(labels).length ? labels : null,
    Containers: containers,
    Names: image.names.length ? image.names : null,
    Digest: image.manifestDigest,
    History: image.names.length ? image.names : null,
    Created: created,
    CreatedAt: timeAgo(image.created),
  };
}

export class LocalImageEngine implements ImageEngine {
  constructor(private readonly rt: Runtime) {}

  async pull(ref: string, opts: PullOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string; ids?: string[] }> {
    const sink = opts.quiet ? undefined : progress;
    // the registry client is loaded only by commands that pull
    const { pullAllTagsWithProgress, pullWithProgress } = await import("./image-pull.ts");
    if (opts.allTags) {
      const images = await pullAllTagsWithProgress(this.rt, ref, opts, sink, signal);
      return { id: images[0]!.id, ids: images.map((i) => i.id) };
    }
    const policy = opts.pullPolicy ?? "always";
    if (policy === "missing" || policy === "never") {
      const local = this.rt.images.lookup(ref, this.rt.registries);
      if (local) return { id: local.id };
      if (policy === "never") throw new TspodError("no_such_image", `${ref}: image not known`.replace(/: image not known$/, ""));
    }
    const image = await pullWithProgress(this.rt, ref, opts, sink, signal);
    return { id: image.id };
  }

  async list(opts: { all: boolean; filters?: string[]; containerCounts?: boolean }): Promise<ImageListEntry[]> {
    const counts = opts.containerCounts === false ? new Map<string, number>() : this.rt.state.containerCountsByImage();
    const graph = ImageGraph.load(this.rt.images);
    const match = buildImageFilter(opts.filters ?? [], graph, (s) => {
      const img = this.rt.images.lookup(s, this.rt.registries);
      return img ? graph.get(img.id) : undefined;
    });
    const nodes = graph.nodes.filter((n) => (opts.all || !graph.isIntermediate(n)) && match(n));
    nodes.sort((a, b) => Date.parse(b.image.created) - Date.parse(a.image.created) || b.image.pulledAt - a.image.pulledAt);
    return nodes.map((n) => listEntry(n.image, n.config.config?.Labels, counts.get(n.image.id) ?? 0, n.parent?.image.id ?? ""));
  }

  async exists(nameOrId: string): Promise<boolean> {
    return this.rt.images.lookup(nameOrId, this.rt.registries) !== undefined;
  }
}
