/**
 * Parent/child relations between local images (Podman's layer-tree rule): Y is X's parent when
 * Y's layers are a prefix of X's and Y's history a prefix of X's, and Y has fewer layers or
 * fewer history entries; the closest such Y wins. Intermediate images are untagged parents;
 * dangling ones are untagged images that are nobody's parent.
 */
import type { ImageStore } from "../image/image-store.ts";
import type { ImageRecord, OciImageConfig } from "../image/image-types.ts";

export interface GraphNode {
  image: ImageRecord;
  config: OciImageConfig;
  parent?: GraphNode;
  children: GraphNode[];
}

function isPrefix<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  return a.length <= b.length && a.every((x, i) => eq(x, b[i]!));
}

export class ImageGraph {
  readonly nodes: GraphNode[];
  private readonly byId = new Map<string, GraphNode>();

  constructor(images: ImageRecord[], configOf: (img: ImageRecord) => OciImageConfig) {
    this.nodes = images.map((image) => {
      let config: OciImageConfig;
      try {
        config = configOf(image);
      } catch {
        config = { architecture: "", os: "", rootfs: { type: "layers", diff_ids: image.diffIds } };
      }
      return { image, config, children: [] };
    });
    for (const n of this.nodes) this.byId.set(n.image.id, n);
    for (const x of this.nodes) {
      const hx = x.config.history ?? [];
      let best: GraphNode | undefined;
      for (const y of this.nodes) {
        if (y === x || y.image.diffIds.length === 0) continue;
        const hy = y.config.history ?? [];
        if (!isPrefix(y.image.diffIds, x.image.diffIds)) continue;
        if (!isPrefix(hy, hx, (a, b) => a.created_by === b.created_by && a.created === b.created)) continue;
        if (y.image.diffIds.length === x.image.diffIds.length && hy.length >= hx.length) continue;
        if (!best || y.image.diffIds.length > best.image.diffIds.length || (y.image.diffIds.length === best.image.diffIds.length && hy.length > (best.config.history ?? []).length)) best = y;
      }
      if (best) {
        x.parent = best;
        best.children.push(x);
      }
    }
  }

  static load(store: ImageStore): ImageGraph {
    return new ImageGraph(store.list(), (img) => store.config(img));
  }

  get(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  isIntermediate(n: GraphNode): boolean {
    return n.image.names.length === 0 && n.children.length > 0;
  }

  isDangling(n: GraphNode): boolean {
    return n.image.names.length === 0 && n.children.length === 0;
  }
}
