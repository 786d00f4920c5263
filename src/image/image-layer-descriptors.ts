/**
 * The manifest layer descriptors of a stored image (for writing a new manifest on top of it):
 * from the manifest it was pulled or written with, else rebuilt from the layer store's records.
 */
import type { ImageStore } from "./image-store.ts";
import { MEDIA_TYPES, type ImageRecord, type OciDescriptor, type OciManifest } from "./image-types.ts";

export function imageLayerDescriptors(images: ImageStore, base: ImageRecord): OciDescriptor[] {
  const out: OciDescriptor[] = [];
  const manifestBytes = images.manifest(base);
  const manifest = manifestBytes ? (JSON.parse(new TextDecoder().decode(manifestBytes)) as Partial<OciManifest>) : undefined;
  for (const [i, d] of base.diffIds.entries()) {
    const m = manifest?.layers?.[i];
    if (m) out.push({ mediaType: ociLayerType(m.mediaType), digest: m.digest, size: m.size });
    else {
      const info = images.layers.info(d);
      const dg = info?.compressedDigest ?? d;
      out.push({ mediaType: dg === d ? MEDIA_TYPES.ociLayer : MEDIA_TYPES.ociLayerGzip, digest: dg, size: images.blobs.has(dg) ? images.blobs.size(dg) : 0 });
    }
  }
  return out;
}

function ociLayerType(t: string): string {
  if (!t.includes("docker")) return t;
  return t.endsWith("gzip") ? MEDIA_TYPES.ociLayerGzip : MEDIA_TYPES.ociLayer;
}
