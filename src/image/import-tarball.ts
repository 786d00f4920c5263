/**
 * `import`: a root filesystem tarball (file, http(s) URL or stdin; plain, gzip or zstd) becomes a
 * one-layer image. The uncompressed tar is hashed (its diff_id), kept as the layer's blob and
 * unpacked through the layer store's safe extractor; the config comes from `--change`.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { openDecompressed } from "../storage/decompress.ts";
import { sha256Digest } from "../util/digest.ts";
import { fdWriter } from "./archive-sink.ts";
import { missingFile, stageToFile, storeTempDir } from "./archive-file.ts";
import { archiveImageName } from "./archive-parse.ts";
import type { CopyEvent } from "./archive-progress.ts";
import { applyChanges } from "./import-changes.ts";
import type { ImageStore } from "./image-store.ts";
import { MEDIA_TYPES, type ImageRecord, type OciImageConfig, type OciManifest, type OciPlatform } from "./image-types.ts";
import { hostPlatform } from "./manifest.ts";

export interface ImportOptions {
  changes?: string[];
  message?: string;
  platform?: OciPlatform;
  /** Image name to give (`localhost/` for short names); none leaves it untagged. */
  reference?: string;
  /** The tarball's bytes when the source is `-` (stdin) or a URL fetched by the caller. */
  stream?: AsyncIterable<Uint8Array>;
  signal?: AbortSignal;
  onEvent?: (e: CopyEvent) => void;
}

async function fetchUrl(url: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    throw new TspodError("no_such_object", `fetching ${url}: ${(err as Error).message}`, err);
  }
  if (!res.ok || !res.body) throw new TspodError("no_such_object", `fetching ${url}: ${res.status} ${res.statusText}`);
  return res.body as unknown as AsyncIterable<Uint8Array>;
}

export async function importTarball(store: ImageStore, source: string, opts: ImportOptions = {}): Promise<ImageRecord> {
  const name = opts.reference !== undefined ? archiveImageName(opts.reference, "localhost") : undefined;
  if (opts.reference !== undefined && !name) throw new TspodError("invalid_reference", `parsing reference ${JSON.stringify(opts.reference)}`);
  const work = storeTempDir(store.root, "import");
  const newBlobs: string[] = [];
  let newLayer: string | undefined;
  try {
    let input = source;
    if (opts.stream || /^https?:\/\//.test(source)) {
      input = path.join(work, "input");
      await stageToFile(opts.stream ?? (await fetchUrl(source, opts.signal)), input, opts.signal);
    } else if (!fs.existsSync(source)) {
      throw missingFile(`open ${source}`);
    }
    // The uncompressed layer: hashed while written, then ingested under its digest.
    const layerFile = path.join(work, "layer.tar");
    const fd = fs.openSync(layerFile, "w", 0o600);
    const hash = createHash("sha256");
    let size = 0;
    try {
      const write = fdWriter(fd);
      for await (const c of openDecompressed(input, opts.signal)) {
        hash.update(c);
        size += c.length;
        await write(c);
      }
    } finally {
      fs.closeSync(fd);
    }
    const diffId = "sha256:" + hash.digest("hex");
    opts.onEvent?.({ type: "getting-signatures" });
    opts.onEvent?.({ type: "blob", digest: diffId });
    if (!store.blobs.has(diffId)) {
      await store.blobs.ingest(fs.createReadStream(layerFile) as unknown as AsyncIterable<Uint8Array>, { digest: diffId, size }, { signal: opts.signal });
      newBlobs.push(diffId);
    }
    const r = await store.layers.unpack(store.blobs.path(diffId), diffId, { signal: opts.signal, compressedDigest: diffId });
    if (r.created) newLayer = diffId;
    const now = new Date().toISOString();
    const platform = opts.platform ?? hostPlatform();
    const config: OciImageConfig = {
      created: now,
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: applyChanges({}, opts.changes ?? []),
      rootfs: { type: "layers", diff_ids: [diffId] },
      history: [{ created: now, created_by: `/bin/sh -c #(nop) ADD file:${diffId.slice(7)} in /`, comment: opts.message || "imported from tarball" }],
    };
    const configBytes = new TextEncoder().encode(JSON.stringify(config));
    const configDigest = sha256Digest(configBytes);
    opts.onEvent?.({ type: "config", digest: configDigest });
    if (!store.blobs.has(configDigest)) {
      await store.blobs.put(configBytes, { digest: configDigest, size: configBytes.length });
      newBlobs.push(configDigest);
    }
    opts.onEvent?.({ type: "writing-manifest" });
    const manifest: OciManifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: configBytes.length },
      layers: [{ mediaType: MEDIA_TYPES.ociLayer, digest: diffId, size }],
    };
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
    const manifestDigest = sha256Digest(manifestBytes);
    if (!store.blobs.has(manifestDigest)) await store.blobs.put(manifestBytes, { digest: manifestDigest, size: manifestBytes.length });
    opts.onEvent?.({ type: "storing-signatures" });
    return store.add({
      id: configDigest.slice(7),
      names: name ? [name] : [],
      digests: name ? [`${name.replace(/:[^:/]+$/, "")}@${manifestDigest}`] : [],
      manifestDigest,
      manifestMediaType: MEDIA_TYPES.ociManifest,
      configDigest,
      diffIds: [diffId],
      created: now,
      size: r.size,
      pulledAt: Date.now(),
    });
  } catch (err) {
    if (newLayer) store.layers.remove(newLayer);
    for (const d of newBlobs) store.blobs.remove(d);
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
