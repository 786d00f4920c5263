/**
 * Garbage collection of one removed image's content: its layers no remaining image uses, the
 * blobs they were unpacked from, its config blob and its manifests. Runs inside the image
 * database's write transaction (see ImageStore.remove); the slow recursive deletes happen after
 * the commit, in `purge`.
 */
import type { ImageStore } from "./image-store.ts";
import type { ImageRecord } from "./image-types.ts";

export interface GcReport {
  /** diff_ids of the layers removed from the store. */
  layers: string[];
  /** Blob digests removed. */
  blobs: string[];
  /** Deletes the detached layer directories (call after the transaction committed). */
  purge(): void;
}

function manifestLayerDigests(store: ImageStore, digest: string): string[] {
  try {
    const m = JSON.parse(new TextDecoder().decode(store.blobs.readBytes(digest))) as { layers?: { digest?: string }[] };
    return (m.layers ?? []).map((l) => l.digest).filter((d): d is string => typeof d === "string");
  } catch {
    return [];
  }
}

export function collectGarbage(store: ImageStore, image: ImageRecord, keepLayers: Set<string>, keepBlobs: Set<string>): GcReport {
  const trash: string[] = [];
  const layers: string[] = [];
  const blobs = new Set<string>();
  const manifests = new Set([image.manifestDigest, ...image.digests.map((d) => d.slice(d.indexOf("@") + 1))]);
  const layerBlobs = new Map<string, string>();
  const fromManifests = [...manifests].flatMap((m) => manifestLayerDigests(store, m));
  for (const [i, diffId] of image.diffIds.entries()) {
    if (keepLayers.has(diffId)) continue;
    const compressed = store.layers.info(diffId)?.compressedDigest ?? fromManifests[i];
    const t = store.layers.detach(diffId);
    if (!t) continue;
    trash.push(t);
    layers.push(diffId);
    if (compressed) layerBlobs.set(diffId, compressed);
  }
  for (const b of layerBlobs.values()) blobs.add(b);
  if (!keepBlobs.has(image.configDigest)) blobs.add(image.configDigest);
  for (const m of manifests) if (!keepBlobs.has(m)) blobs.add(m);
  for (const b of blobs) store.blobs.remove(b);
  return {
    layers,
    blobs: [...blobs],
    purge: () => store.layers.purgeTrash(trash),
  };
}
