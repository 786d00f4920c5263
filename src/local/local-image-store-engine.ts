/** ImageStoreEngine over the local image store. */
import { emitImageEvent } from "../engine/events/container-events.ts";
import type { ImageChange, ImageMountInfo, ImagePruneOptions, ImageRemoveLine, ImageRemoveOptions, ImageStoreEngine } from "../domain/image-store-engine.ts";
import type { ImageHistoryEntry, ImageInspect, ImageTree } from "../define/image-types.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { parseReference } from "../image/reference.ts";
import { ImageGraph, type GraphNode } from "./image-graph.ts";
import { buildImageFilter } from "./image-filters.ts";
import { removeImages } from "./image-remove.ts";
import { chainIds, imageHistory, inspectImage } from "./image-views.ts";
import { layerChanges, stackChanges } from "./image-diff.ts";
import { mountedImageIds, mountImage, mountPath, unmountImage } from "./image-mounts.ts";

/** Podman's name normalisation for tag targets: short names go to `localhost/`, default tag `latest`. */
export function normalizeTagName(name: string): string {
  const ref = parseReference(name);
  if (ref.digest) throw new TspodError("invalid_argument", `tag ${JSON.stringify(name)}: tag by digest not supported`);
  return (ref.isShortName ? ref.withRegistry("localhost") : ref).toString();
}

export class LocalImageStoreEngine implements ImageStoreEngine {
  constructor(private readonly rt: Runtime) {}

  private mustFind(nameOrId: string): ImageRecord {
    const img = this.rt.images.lookup(nameOrId, this.rt.registries);
    if (!img) throw new TspodError("no_such_image", nameOrId);
    return img;
  }

  private node(nameOrId: string): { graph: ImageGraph; node: GraphNode } {
    const img = this.mustFind(nameOrId);
    const graph = ImageGraph.load(this.rt.images);
    const node = graph.get(img.id);
    if (!node) throw new TspodError("no_such_image", nameOrId);
    return { graph, node };
  }

  remove(nameOrIds: string[], opts: ImageRemoveOptions): Promise<ImageRemoveLine[]> {
    return removeImages(this.rt, nameOrIds, opts);
  }

  async tag(nameOrId: string, names: string[]): Promise<void> {
    const full = names.map(normalizeTagName);
    const img = this.mustFind(nameOrId);
    for (const n of full) {
      if (!this.rt.images.tag(img.id, n)) throw new TspodError("no_such_image", nameOrId);
      emitImageEvent(this.rt, "tag", { id: img.id, name: n });
    }
  }

  async untag(nameOrId: string, names: string[]): Promise<void> {
    const img = this.mustFind(nameOrId);
    const full = names.length ? names.map(normalizeTagName) : img.names;
    for (const n of full) {
      const name = img.names.includes(n) ? n : img.names.find((x) => x.endsWith("/" + n.replace(/^localhost\//, "")));
      if (!name) throw new TspodError("no_such_object", n.replace(/: no such object$/, "") + ": tag not known");
      this.rt.images.untag(img.id, name);
      emitImageEvent(this.rt, "untag", { id: img.id, name });
    }
  }

  async inspect(nameOrId: string): Promise<ImageInspect> {
    return inspectImage(this.rt.images, this.node(nameOrId).node);
  }

  async history(nameOrId: string): Promise<ImageHistoryEntry[]> {
    return imageHistory(this.rt.images, this.node(nameOrId).node);
  }

  async prune(opts: ImagePruneOptions): Promise<string[]> {
    const removed: string[] = [];
    for (;;) {
      const graph = ImageGraph.load(this.rt.images);
      const used = new Set(this.rt.state.listContainers().map((c) => c.config.imageId));
      const mounted = new Set(mountedImageIds(this.rt));
      const match = buildImageFilter(opts.filters, graph, (s) => {
        const img = this.rt.images.lookup(s, this.rt.registries);
        return img ? graph.get(img.id) : undefined;
      });
      const victims = graph.nodes.filter((n) => n.children.length === 0 && !used.has(n.image.id) && !mounted.has(n.image.id) && (opts.all || n.image.names.length === 0) && match(n));
      if (victims.length === 0) return removed;
      for (const v of victims) if (this.rt.images.remove(v.image.id, (now) => {
        if (this.rt.state.listContainers().some((c) => c.config.imageId === now.id)) throw new TspodError("image_in_use", now.id);
      })) removed.push(v.image.id);
    }
  }

  async mount(nameOrId: string): Promise<string> {
    return mountImage(this.rt, this.mustFind(nameOrId));
  }

  async unmount(nameOrIds: string[], all: boolean): Promise<string[]> {
    const ids = all ? mountedImageIds(this.rt) : nameOrIds.map((n) => this.mustFind(n).id);
    for (const id of ids) await unmountImage(this.rt, id, all);
    return ids;
  }

  async mounted(): Promise<ImageMountInfo[]> {
    return mountedImageIds(this.rt).flatMap((id) => {
      const img = this.rt.images.get(id);
      return img ? [{ id, names: img.names, path: mountPath(this.rt, id) }] : [];
    });
  }

  async diff(from: string, to?: string): Promise<ImageChange[]> {
    const base = (img: ImageRecord) => this.rt.images.layerPaths(img).reverse();
    const a = this.mustFind(from);
    if (to === undefined) return layerChanges(base(a));
    return stackChanges(base(a), base(this.mustFind(to)));
  }

  async tree(nameOrId: string, whatRequires: boolean): Promise<ImageTree> {
    const { graph, node } = this.node(nameOrId);
    const img = node.image;
    const chains = chainIds(img.diffIds);
    const topOf = new Map<string, string[]>();
    for (const n of graph.nodes) {
      const c = chainIds(n.image.diffIds).pop();
      if (c) topOf.set(c, [...(topOf.get(c) ?? []), ...(n.image.names.length ? n.image.names : [n.image.id.slice(0, 12)])]);
    }
    const tree: ImageTree = {
      id: img.id,
      tags: img.names,
      size: img.size,
      layers: img.diffIds.map((d, i) => ({ id: chains[i]!, size: this.rt.images.layers.info(d)?.size ?? 0, topOf: topOf.get(chains[i]!) ?? [] })),
    };
    if (whatRequires) {
      const kids: { id: string; tags: string[] }[] = [];
      const walk = (n: GraphNode) => {
        for (const c of n.children) {
          kids.push({ id: c.image.id, tags: c.image.names });
          walk(c);
        }
      };
      walk(node);
      tree.children = kids;
    }
    return tree;
  }
}
