/** Managing images already in local storage: names, removal, inspection, history, files. */
import type { ImageHistoryEntry, ImageInspect, ImageTree } from "../define/image-types.ts";

export interface ImageRemoveOptions {
  force: boolean;
  all: boolean;
  ignore: boolean;
}

/** One line of `rmi` output or one failure, in order. */
export type ImageRemoveLine = { untagged: string } | { deleted: string } | { error: Error };

export interface ImagePruneOptions {
  all: boolean;
  filters: string[];
}

export interface ImageChange {
  kind: "A" | "C" | "D";
  path: string;
}

export interface ImageMountInfo {
  id: string;
  names: string[];
  path: string;
}

export interface ImageStoreEngine {
  remove(nameOrIds: string[], opts: ImageRemoveOptions): Promise<ImageRemoveLine[]>;
  tag(nameOrId: string, names: string[]): Promise<void>;
  /** No names: every name of the image. */
  untag(nameOrId: string, names: string[]): Promise<void>;
  inspect(nameOrId: string): Promise<ImageInspect>;
  history(nameOrId: string): Promise<ImageHistoryEntry[]>;
  /** Returns the removed image ids. */
  prune(opts: ImagePruneOptions): Promise<string[]>;
  mount(nameOrId: string): Promise<string>;
  /** Returns the ids unmounted. */
  unmount(nameOrIds: string[], all: boolean): Promise<string[]>;
  mounted(): Promise<ImageMountInfo[]>;
  diff(from: string, to?: string): Promise<ImageChange[]>;
  tree(nameOrId: string, whatRequires: boolean): Promise<ImageTree>;
}
