/**
 * Writers for the image layouts tspod exports: Docker's `docker save` archive, the OCI image
 * layout (as a directory or a tar) and skopeo's `dir:` format. Layers are written uncompressed,
 * so every layer file's digest is its diff_id; the manifests are deterministic.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { sha256Digest } from "../util/digest.ts";
import type { LayoutSink } from "./archive-sink.ts";
import type { ExportImage } from "./archive-export-image.ts";
import type { CopyEvent } from "./archive-progress.ts";
import { MEDIA_TYPES, type OciDescriptor, type OciIndex, type OciManifest } from "./image-types.ts";

export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
const hex = (d: string) => d.slice(7);

export interface WriteOptions {
  signal?: AbortSignal;
  onEvent?: (e: CopyEvent) => void;
}

/** The manifest for an exported image: OCI (default) or Docker v2 schema 2. */
export function exportManifest(image: ExportImage, kind: "oci" | "docker" = "oci"): { bytes: Uint8Array; digest: string; mediaType: string } {
  const docker = kind === "docker";
  const manifest: OciManifest = {
    schemaVersion: 2,
    mediaType: docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
    config: { mediaType: docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig, digest: image.configDigest, size: image.configBytes.length },
    layers: image.layers.map((l) => ({ mediaType: docker ? "application/vnd.docker.image.rootfs.diff.tar" : MEDIA_TYPES.ociLayer, digest: l.diffId, size: l.size })),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  return { bytes, digest: sha256Digest(bytes), mediaType: manifest.mediaType! };
}

async function copyLayers(sink: LayoutSink, image: ExportImage, nameOf: (diffId: string) => string, opts: WriteOptions, written: Set<string>): Promise<void> {
  for (const layer of image.layers) {
    opts.signal?.throwIfAborted();
    const name = nameOf(layer.diffId);
    const skip = written.has(name) || sink.has(name);
    opts.onEvent?.({ type: "blob", digest: layer.diffId, skipped: skip && !written.has(name) });
    if (skip) continue;
    written.add(name);
    await sink.putStream(name, layer.size, layer.open(opts.signal));
  }
}

/** `docker save` layout: manifest.json, repositories, `<config hex>.json`, `<diff_id hex>.tar`. */
export async function writeDockerArchive(sink: LayoutSink, entries: { image: ExportImage; tags: string[] }[], opts: WriteOptions = {}): Promise<void> {
  const written = new Set<string>();
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  opts.onEvent?.({ type: "getting-signatures" });
  for (const { image, tags } of entries) {
    await copyLayers(sink, image, (d) => `${hex(d)}.tar`, opts, written);
    const configName = `${hex(image.configDigest)}.json`;
    opts.onEvent?.({ type: "config", digest: image.configDigest });
    if (!written.has(configName)) {
      written.add(configName);
      await sink.putBytes(configName, image.configBytes);
    }
    manifest.push({ Config: configName, RepoTags: tags, Layers: image.layers.map((l) => `${hex(l.diffId)}.tar`) });
    const top = image.layers[image.layers.length - 1];
    for (const tag of tags) {
      const i = tag.lastIndexOf(":");
      if (top && i > 0) (repositories[tag.slice(0, i)] ??= {})[tag.slice(i + 1)] = hex(top.diffId);
    }
    opts.onEvent?.({ type: "writing-manifest" });
  }
  await sink.putBytes("manifest.json", JSON.stringify(manifest));
  if (Object.keys(repositories).length) await sink.putBytes("repositories", JSON.stringify(repositories));
  opts.onEvent?.({ type: "storing-signatures" });
  await sink.finish();
}

/**
 * OCI image layout: blobs/sha256/*, oci-layout, index.json. Images are appended to an existing
 * index.json (directory sinks); an entry with the same ref name is replaced.
 */
export async function writeOciLayout(sink: LayoutSink, entries: { image: ExportImage; refName?: string }[], opts: WriteOptions = {}): Promise<void> {
  const written = new Set<string>();
  const blobName = (d: string) => `blobs/sha256/${hex(d)}`;
  let index: OciIndex = { schemaVersion: 2, manifests: [] };
  const existing = sink.read("index.json");
  if (existing) {
    try {
      index = JSON.parse(new TextDecoder().decode(existing)) as OciIndex;
      if (!Array.isArray(index.manifests)) throw new Error("no manifests");
    } catch (err) {
      throw new TspodError("invalid_argument", `existing OCI layout has an invalid index.json: ${(err as Error).message}`);
    }
  }
  opts.onEvent?.({ type: "getting-signatures" });
  const added: OciDescriptor[] = [];
  for (const { image, refName } of entries) {
    await copyLayers(sink, image, blobName, opts, written);
    opts.onEvent?.({ type: "config", digest: image.configDigest });
    if (!sink.has(blobName(image.configDigest)) && !written.has(blobName(image.configDigest))) {
      written.add(blobName(image.configDigest));
      await sink.putBytes(blobName(image.configDigest), image.configBytes);
    }
    opts.onEvent?.({ type: "writing-manifest" });
    const m = exportManifest(image, "oci");
    if (!written.has(blobName(m.digest))) {
      written.add(blobName(m.digest));
      await sink.putBytes(blobName(m.digest), m.bytes);
    }
    added.push({ mediaType: m.mediaType, digest: m.digest, size: m.bytes.length, ...(refName ? { annotations: { [REF_NAME_ANNOTATION]: refName } } : {}) });
  }
  const newRefs = new Set(added.map((d) => d.annotations?.[REF_NAME_ANNOTATION]).filter(Boolean));
  index.manifests = [
    ...index.manifests.filter((d) => {
      const r = d.annotations?.[REF_NAME_ANNOTATION];
      return r ? !newRefs.has(r) : !added.some((a) => a.digest === d.digest);
    }),
    ...added,
  ];
  await sink.putBytes("oci-layout", JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await sink.putBytes("index.json", JSON.stringify(index));
  opts.onEvent?.({ type: "storing-signatures" });
  await sink.finish();
}

/** skopeo's `dir:` format: manifest.json, version, blobs named by their hex digest. */
export async function writeDirLayout(sink: LayoutSink, image: ExportImage, kind: "oci" | "docker", opts: WriteOptions = {}): Promise<void> {
  opts.onEvent?.({ type: "getting-signatures" });
  await copyLayers(sink, image, hex, opts, new Set());
  opts.onEvent?.({ type: "config", digest: image.configDigest });
  await sink.putBytes(hex(image.configDigest), image.configBytes);
  opts.onEvent?.({ type: "writing-manifest" });
  await sink.putBytes("manifest.json", exportManifest(image, kind).bytes);
  await sink.putBytes("version", "Directory Transport Version: 1.1\n");
  opts.onEvent?.({ type: "storing-signatures" });
  await sink.finish();
}
