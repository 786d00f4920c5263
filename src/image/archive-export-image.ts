/**
 * An image from the local store, ready to be written to an archive or layout: its config bytes
 * and, per layer, the uncompressed layer tar (diff_id, size and a stream). The stream decompresses
 * the blob the layer was unpacked from, so its sha256 is exactly the diff_id; it is re-checked
 * while streaming. A layer whose blob is gone (e.g. removed by hand) is rebuilt from its unpacked
 * diff into a staging file; its digest then differs, so the config's diff_ids are rewritten (a new
 * image id in the archive, as `push` does).
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { openDecompressed } from "../storage/decompress.ts";
import { sha256Digest } from "../util/digest.ts";
import { fdWriter } from "./archive-sink.ts";
import { storeTempDir } from "./archive-file.ts";
import type { ImageStore } from "./image-store.ts";
import type { ImageRecord, OciImageConfig } from "./image-types.ts";
import { diffDirTar } from "./push-layer-tar.ts";

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
  /** Removes staging files (rebuilt layers); call when the export is written. */
  dispose(): void;
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

/** Writes the diff dir's tar to a staging file; returns its digest and size. */
async function rebuildLayer(store: ImageStore, diffId: string, file: string): Promise<{ diffId: string; size: number }> {
  if (!store.layers.has(diffId)) throw new TspodError("no_such_object", `layer ${diffId} is missing from the layer store`);
  const fd = fs.openSync(file, "w", 0o600);
  const h = createHash("sha256");
  let size = 0;
  try {
    const write = fdWriter(fd);
    for await (const c of diffDirTar(store.layers.layerDiffPath(diffId))) {
      h.update(c);
      size += c.length;
      await write(c);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { diffId: "sha256:" + h.digest("hex"), size };
}

export async function exportImage(store: ImageStore, record: ImageRecord): Promise<ExportImage> {
  let configBytes = store.blobs.readBytes(record.configDigest);
  let work: string | undefined;
  const dispose = () => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const layers: ExportLayer[] = [];
    for (const [i, diffId] of record.diffIds.entries()) {
      const info = store.layers.info(diffId);
      const blob = info?.compressedDigest;
      if (info && blob && store.blobs.has(blob)) {
        layers.push({ diffId, size: info.size, open: (signal) => verified(openDecompressed(store.blobs.path(blob), signal), diffId) });
        continue;
      }
      work ??= storeTempDir(store.root, "export");
      const file = path.join(work, `layer-${i}.tar`);
      const rebuilt = await rebuildLayer(store, diffId, file);
      layers.push({ diffId: rebuilt.diffId, size: rebuilt.size, open: () => verified(fs.createReadStream(file, { highWaterMark: 1 << 20 }) as unknown as AsyncIterable<Uint8Array>, rebuilt.diffId) });
    }
    let configDigest = record.configDigest;
    if (layers.some((l, i) => l.diffId !== record.diffIds[i])) {
      const cfg = JSON.parse(new TextDecoder().decode(configBytes)) as OciImageConfig;
      cfg.rootfs = { ...cfg.rootfs, diff_ids: layers.map((l) => l.diffId) };
      configBytes = new TextEncoder().encode(JSON.stringify(cfg));
      configDigest = sha256Digest(configBytes);
    }
    return { record, configDigest, configBytes, layers, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
