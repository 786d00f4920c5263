/** After a pull: remember which repository the image's blobs came from (for cross-repo mounts on push). */
import type { Runtime } from "../engine/runtime.ts";
import { BlobLocations } from "../image/blob-locations.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { parseManifest } from "../image/manifest.ts";

export function recordPulledBlobs(rt: Runtime, image: ImageRecord): void {
  const store = rt.images;
  try {
    for (const d of image.digests) {
      const [name, digest] = d.split("@") as [string, string];
      const slash = name.indexOf("/");
      if (slash < 0 || !digest || !store.blobs.has(digest)) continue;
      const parsed = parseManifest(store.blobs.readBytes(digest), image.manifestMediaType);
      if (parsed.kind !== "manifest") continue;
      const locations = new BlobLocations(store.root);
      try {
        locations.record([parsed.manifest.config.digest, ...parsed.manifest.layers.map((l) => l.digest)], name.slice(0, slash), name.slice(slash + 1));
      } finally {
        locations.close();
      }
    }
  } catch {
    /* the cache is an optimisation only */
  }
}
