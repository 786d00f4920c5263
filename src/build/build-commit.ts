/**
 * One build step becomes an image (Buildah with --layers): the parent's layers, plus — when the
 * step changed files — its overlay upper dir as a new layer (its tar goes into the blob store
 * uncompressed, the dir itself is taken into the layer store as is), a new config and manifest.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import type { ImageStore } from "../image/image-store.ts";
import { imageLayerDescriptors } from "../image/image-layer-descriptors.ts";
import { hostPlatform } from "../image/manifest.ts";
import { MEDIA_TYPES, type ImageRecord, type OciContainerConfig, type OciDescriptor, type OciHistory, type OciImageConfig } from "../image/image-types.ts";
import { collect, tarPath } from "../storage/dir-tar.ts";

export type ImageFormat = "oci" | "docker";

export interface StepCommit {
  /** The image the step ran on; undefined for `FROM scratch`. */
  parent?: ImageRecord;
  config: OciContainerConfig;
  history: OciHistory[];
  /** An overlay upper dir holding the step's changes (moved into the layer store). */
  layerDir?: string;
  created: string;
  format: ImageFormat;
  /** Replace the parent's layers (squash): these diff dirs become the only new layer. */
  dropParentLayers?: boolean;
  annotations?: Record<string, string>;
  /** MAINTAINER (the config's author). */
  author?: string;
}

const sha256 = (b: Uint8Array) => "sha256:" + createHash("sha256").update(b).digest("hex");

/** Turns `dir` (overlay format) into a stored layer; returns its descriptor and diff id. */
export async function storeLayerDir(images: ImageStore, dir: string): Promise<{ diffId: string; desc: OciDescriptor }> {
  const tar = await collect(tarPath(dir, { overlayWhiteouts: true }));
  const diffId = sha256(tar);
  if (!images.blobs.has(diffId)) await images.blobs.put(tar, { digest: diffId, size: tar.length });
  const adopted = await images.layers.adopt(dir, { diffId, size: tar.length, compressedDigest: diffId });
  if (!adopted) fs.rmSync(dir, { recursive: true, force: true });
  return { diffId, desc: { mediaType: MEDIA_TYPES.ociLayer, digest: diffId, size: tar.length } };
}

function dockerLayerType(t: string): string {
  if (t.includes("docker")) return t;
  return t.endsWith("gzip") ? MEDIA_TYPES.dockerLayerGzip : "application/vnd.docker.image.rootfs.diff.tar";
}

export async function commitStep(images: ImageStore, c: StepCommit): Promise<ImageRecord> {
  const parentConfig: Partial<OciImageConfig> = c.parent ? images.config(c.parent) : {};
  const layers: OciDescriptor[] = c.parent && !c.dropParentLayers ? imageLayerDescriptors(images, c.parent) : [];
  const diffIds = c.parent && !c.dropParentLayers ? [...c.parent.diffIds] : [];
  if (c.layerDir) {
    const { diffId, desc } = await storeLayerDir(images, c.layerDir);
    layers.push(desc);
    diffIds.push(diffId);
  }
  const platform = hostPlatform();
  const config: OciImageConfig = {
    created: c.created,
    ...(c.author ? { author: c.author } : {}),
    architecture: parentConfig.architecture ?? platform.architecture,
    os: parentConfig.os ?? platform.os,
    ...(parentConfig.variant ? { variant: parentConfig.variant } : {}),
    config: c.config,
    rootfs: { type: "layers", diff_ids: diffIds },
    history: c.history,
  };
  const docker = c.format === "docker";
  const configBytes = new TextEncoder().encode(JSON.stringify(config));
  const configDigest = sha256(configBytes);
  if (!images.blobs.has(configDigest)) await images.blobs.put(configBytes, { digest: configDigest, size: configBytes.length });
  const manifest = {
    schemaVersion: 2,
    mediaType: docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest,
    config: { mediaType: docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig, digest: configDigest, size: configBytes.length },
    layers: docker ? layers.map((l) => ({ ...l, mediaType: dockerLayerType(l.mediaType) })) : layers,
    ...(c.annotations && Object.keys(c.annotations).length && !docker ? { annotations: c.annotations } : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const manifestDigest = sha256(manifestBytes);
  if (!images.blobs.has(manifestDigest)) await images.blobs.put(manifestBytes, { digest: manifestDigest, size: manifestBytes.length });
  const existing = images.get(configDigest.slice(7));
  if (existing) return existing;
  return images.add({
    id: configDigest.slice(7),
    names: [],
    digests: [],
    manifestDigest,
    manifestMediaType: manifest.mediaType,
    configDigest,
    diffIds,
    created: c.created,
    size: diffIds.reduce((n, d) => n + (images.layers.info(d)?.size ?? 0), 0),
    pulledAt: Date.now(),
  });
}
