/**
 * An image from the local store, ready to be written to an archive or layout: its config bytes
 * and, per layer, the uncompressed layer tar (diff_id, size and a stream). The stream decompresses
 * the blob the layer was unpacked from, so its sha256 is exactly the diff_id; it is re-checked
 * while streaming.
 */
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { openDecompressed } from "../storage/decompress.ts";
import type { ImageStore } from "./image-store.ts";
import type { ImageRecord } from "./image-types.ts";

export interface ExportLayer {
  diffId: string;
  size: number;
  open(signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

export interface ExportImage {
  record: ImageRecord;
  configDigest: string;
  configBytes: Uint8Array;
  layers: ExportLayer[];
}

async function* verified(source: AsyncIterable<Uint8Array>, diffId: string): AsyncGenerator<Uint8Array> {
  const h = createHash("sha256");
  for await (const c of source) {
    h.update(c);
    yield c;
  }
  const actual = "sha256:" + h.digest("hex");
  if (actual !== diffId) throw new TspodError("digest_mismatch", `layer ${diffId}: stored content has digest ${actual}`);
}

export function exportImage(store: ImageStore, record: ImageRecord): ExportImage {
  const configBytes = store.blobs.readBytes(record.configDigest);
  const layers = record.diffIds.map((diffId): ExportLayer => {
    const info = store.layers.info(diffId);
    const blob = info?.compressedDigest;
    if (!info || !blob || !store.blobs.has(blob)) {
      throw new TspodError("no_such_object", `layer ${diffId} of image ${record.id.slice(0, 12)}: its blob is no longer in the store`);
    }
    return { diffId, size: info.size, open: (signal) => verified(openDecompressed(store.blobs.path(blob), signal), diffId) };
  });
  return { record, configDigest: record.configDigest, configBytes, layers };
}
