/**
 * Stores load candidates: each layer file is ingested into the blob store (digest verified) and
 * unpacked once (diff_id verified); layers already present are skipped. Image records are added
 * only after every image's content is in place. On any failure, the blobs and layers this call
 * created are removed again, so a rejected archive leaves the store as it was.
 */
import fs from "node:fs";
import { TspodError } from "../errors/tspod-error.ts";
import { sniffCompression } from "../storage/decompress.ts";
import { sha256Digest } from "../util/digest.ts";
import { fileDigest, type LoadCandidate } from "./archive-parse.ts";
import type { CopyEvent } from "./archive-progress.ts";
import type { ImageStore } from "./image-store.ts";
import { MEDIA_TYPES, type ImageRecord, type OciManifest } from "./image-types.ts";

export interface CommitOptions {
  signal?: AbortSignal;
  onEvent?: (e: CopyEvent) => void;
}

function layerMediaType(file: string): string {
  const head = new Uint8Array(8);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  const c = sniffCompression(head);
  return c === "gzip" ? MEDIA_TYPES.ociLayerGzip : c === "zstd" ? MEDIA_TYPES.ociLayerZstd : MEDIA_TYPES.ociLayer;
}

/** A stored image and the names the archive gave it (the record may hold more from before). */
export interface LoadedImage {
  id: string;
  names: string[];
}

export async function commitCandidates(store: ImageStore, candidates: LoadCandidate[], opts: CommitOptions = {}): Promise<LoadedImage[]> {
  const newBlobs: string[] = [];
  const newLayers: string[] = [];
  const putBlob = async (data: Uint8Array) => {
    const digest = sha256Digest(data);
    if (!store.blobs.has(digest)) {
      await store.blobs.put(data, { digest, size: data.length });
      newBlobs.push(digest);
    }
    return digest;
  };
  try {
    const pending: ImageRecord[] = [];
    opts.onEvent?.({ type: "getting-signatures" });
    for (const c of candidates) {
      const descriptors: OciManifest["layers"] = [];
      let size = 0;
      for (const layer of c.layers) {
        opts.signal?.throwIfAborted();
        const existing = store.layers.info(layer.diffId);
        if (existing && existing.compressedDigest && store.blobs.has(existing.compressedDigest)) {
          // Present and verified when it was stored: describe the store's own blob, skip the file.
          const blob = existing.compressedDigest;
          opts.onEvent?.({ type: "blob", digest: layer.blobDigest ?? layer.diffId, skipped: true });
          size += existing.size;
          descriptors.push({ mediaType: layerMediaType(store.blobs.path(blob)), digest: blob, size: store.blobs.size(blob) });
          continue;
        }
        const known = layer.blobDigest ? { digest: layer.blobDigest, size: layer.blobSize } : await fileDigest(layer.file, opts.signal);
        const mediaType = layerMediaType(layer.file);
        opts.onEvent?.({ type: "blob", digest: known.digest });
        if (!store.blobs.has(known.digest)) {
          await store.blobs.ingest(fs.createReadStream(layer.file, { highWaterMark: 1 << 20 }) as unknown as AsyncIterable<Uint8Array>, { digest: known.digest, size: known.size }, { signal: opts.signal });
          newBlobs.push(known.digest);
        }
        const r = await store.layers.unpack(store.blobs.path(known.digest), layer.diffId, { signal: opts.signal, compressedDigest: known.digest });
        if (r.created) newLayers.push(layer.diffId);
        size += r.size;
        descriptors.push({ mediaType, digest: known.digest, size: store.blobs.size(known.digest) });
      }
      opts.onEvent?.({ type: "config", digest: c.configDigest });
      if (sha256Digest(c.configBytes) !== c.configDigest) throw new TspodError("digest_mismatch", `config ${c.configDigest}`);
      await putBlob(c.configBytes);
      opts.onEvent?.({ type: "writing-manifest" });
      const manifest: OciManifest = {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: MEDIA_TYPES.ociConfig, digest: c.configDigest, size: c.configBytes.length },
        layers: descriptors,
      };
      const manifestDigest = await putBlob(new TextEncoder().encode(JSON.stringify(manifest)));
      const config = JSON.parse(new TextDecoder().decode(c.configBytes)) as { created?: unknown };
      pending.push({
        id: c.configDigest.slice(7),
        names: c.names,
        digests: [],
        manifestDigest,
        manifestMediaType: MEDIA_TYPES.ociManifest,
        configDigest: c.configDigest,
        diffIds: c.layers.map((l) => l.diffId),
        created: typeof config.created === "string" && config.created ? config.created : new Date().toISOString(),
        size,
        pulledAt: Date.now(),
      });
      opts.onEvent?.({ type: "storing-signatures" });
    }
    return pending.map((r) => {
      const prev = store.get(r.id);
      // Loading an image that is present keeps its names and manifest; the archive's names are added.
      store.add(prev ? { ...prev, names: r.names, digests: [] } : r);
      return { id: r.id, names: r.names };
    });
  } catch (err) {
    for (const d of newLayers) store.layers.remove(d);
    for (const d of newBlobs) store.blobs.remove(d);
    throw err;
  }
}
