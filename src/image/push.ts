/**
 * `push` to a registry (the docker:// transport): builds the manifest in the wanted format
 * (OCI or Docker v2s2, with gzip or zstd layers), then for each blob checks whether the
 * destination has it (HEAD), mounts it from another repository of the same registry when the
 * blob-info cache knows one, else uploads it; finally PUTs the manifest. Typed progress events.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { sha256Digest } from "../util/digest.ts";
import type { Credentials } from "./registry-auth.ts";
import { RegistryOpsClient } from "./registry-ops-client.ts";
import type { ImageStore } from "./image-store.ts";
import { BlobLocations } from "./blob-locations.ts";
import { layerBlob, type LayerBlob, type PushCompression } from "./push-blobs.ts";
import { parseManifest } from "./manifest.ts";
import type { ImageReference } from "./reference.ts";
import { MEDIA_TYPES, type ImageRecord, type OciDescriptor, type OciImageConfig } from "./image-types.ts";

export type PushFormat = "oci" | "v2s2";

export type PushEvent =
  | { type: "getting-signatures" }
  | { type: "blob"; digest: string; status: "done" | "skipped" }
  | { type: "config"; digest: string }
  | { type: "writing-manifest" }
  | { type: "storing-signatures" };

export interface PushOptions {
  store: ImageStore;
  /** registries.conf says the destination registry is insecure. */
  insecure?: boolean;
  tlsVerify?: boolean;
  certDir?: string;
  credentials?: Credentials;
  format?: PushFormat;
  compression?: PushCompression;
  signal?: AbortSignal;
  onEvent?: (e: PushEvent) => void;
}

export interface PushResult {
  manifestDigest: string;
  manifestMediaType: string;
}

/** The format an image is pushed in by default: the one it came in. */
export function defaultPushFormat(image: ImageRecord): PushFormat {
  return image.manifestMediaType === MEDIA_TYPES.dockerManifest || image.manifestMediaType === MEDIA_TYPES.dockerManifestList ? "v2s2" : "oci";
}

function layerMediaType(format: PushFormat, compression: LayerBlob["compression"]): string {
  if (format === "v2s2") {
    if (compression !== "gzip") throw new TspodError("invalid_argument", `Docker v2s2 manifests cannot hold ${compression === "none" ? "uncompressed" : compression} layers; use --format oci`);
    return MEDIA_TYPES.dockerLayerGzip;
  }
  if (compression === "gzip") return MEDIA_TYPES.ociLayerGzip;
  if (compression === "zstd") return MEDIA_TYPES.ociLayerZstd;
  return MEDIA_TYPES.ociLayer;
}

/** The compressed digests of the manifest the image was stored with, in layer order. */
function sourceLayerDigests(store: ImageStore, image: ImageRecord): (string | undefined)[] {
  let bytes = store.manifest(image);
  if (!bytes) return [];
  let parsed = parseManifest(bytes, image.manifestMediaType);
  if (parsed.kind === "index") {
    const own = parsed.index.manifests.find((m) => store.blobs.has(m.digest) && image.digests.some((d) => d.endsWith(`@${m.digest}`)));
    if (!own) return [];
    bytes = store.blobs.readBytes(own.digest);
    parsed = parseManifest(bytes, own.mediaType);
    if (parsed.kind !== "manifest") return [];
  }
  if (parsed.manifest.config.digest !== image.configDigest) return [];
  return parsed.manifest.layers.map((l) => l.digest);
}

export async function pushImage(image: ImageRecord, dest: ImageReference, opts: PushOptions): Promise<PushResult> {
  const { store, signal, onEvent } = opts;
  const format = opts.format ?? (opts.compression === "zstd" ? "oci" : defaultPushFormat(image));
  if (format === "v2s2" && opts.compression === "zstd") throw new TspodError("invalid_argument", "zstd compression needs an OCI manifest: use --format oci");
  const client = new RegistryOpsClient({
    registry: dest.registry,
    tlsVerify: opts.tlsVerify,
    insecure: opts.insecure,
    certDir: opts.certDir,
    credentials: opts.credentials,
  });
  const repo = dest.repository;
  const locations = new BlobLocations(store.root);
  try {
    await client.ping(signal);
    onEvent?.({ type: "getting-signatures" });

    // Layers first (their diff_ids may change when rebuilt from the diff dir).
    const sources = sourceLayerDigests(store, image);
    const blobs: LayerBlob[] = [];
    for (const [i, diffId] of image.diffIds.entries()) blobs.push(await layerBlob(store, diffId, sources[i], opts.compression, signal));
    let configBytes = store.blobs.readBytes(image.configDigest);
    if (blobs.some((b, i) => b.diffId !== image.diffIds[i])) {
      const cfg = JSON.parse(new TextDecoder().decode(configBytes)) as OciImageConfig;
      cfg.rootfs = { ...cfg.rootfs, diff_ids: blobs.map((b) => b.diffId) };
      configBytes = new TextEncoder().encode(JSON.stringify(cfg));
    }
    const configDigest = sha256Digest(configBytes);

    const sendBlob = async (digest: string, size: number, body: () => Uint8Array | Blob): Promise<"done" | "skipped"> => {
      if (await client.blobExists(repo, digest, signal)) return "skipped";
      for (const from of locations.repositories(digest, dest.registry)) {
        if (from === repo) continue;
        try {
          if (await client.mountBlob(repo, digest, from, signal)) return "skipped";
        } catch (err) {
          if (signal?.aborted) throw err;
        }
      }
      await client.uploadBlob(repo, digest, size, body, signal);
      return "done";
    };

    const layers: OciDescriptor[] = [];
    for (const b of blobs) {
      const status = await sendBlob(b.digest, b.size, () => Bun.file(store.blobs.path(b.digest)));
      locations.record([b.digest], dest.registry, repo);
      onEvent?.({ type: "blob", digest: b.digest, status });
      layers.push({ mediaType: layerMediaType(format, b.compression), digest: b.digest, size: b.size });
    }
    await sendBlob(configDigest, configBytes.length, () => configBytes);
    onEvent?.({ type: "config", digest: configDigest });

    const manifestMediaType = format === "oci" ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
    const manifest = {
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: format === "oci" ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig, digest: configDigest, size: configBytes.length },
      layers,
    };
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
    const manifestDigest = sha256Digest(manifestBytes);
    onEvent?.({ type: "writing-manifest" });
    const reported = await client.putManifest(repo, dest.tagOrDigest.startsWith("sha256:") ? manifestDigest : dest.tagOrDigest, manifestBytes, manifestMediaType, signal);
    if (reported && reported !== manifestDigest) {
      throw new TspodError("digest_mismatch", `registry stored the manifest with digest ${reported}, expected ${manifestDigest}`);
    }
    if (dest.digest && dest.digest !== manifestDigest) {
      throw new TspodError("digest_mismatch", `pushed manifest has digest ${manifestDigest}, not the requested ${dest.digest}`);
    }
    locations.record([configDigest], dest.registry, repo);
    onEvent?.({ type: "storing-signatures" });
    return { manifestDigest, manifestMediaType };
  } finally {
    locations.close();
  }
}
