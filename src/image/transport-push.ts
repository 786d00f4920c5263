/** `push IMAGE oci:…|oci-archive:…|docker-archive:…|dir:…`: the dispatcher over the local transports. */
import { TspodError } from "../errors/tspod-error.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";
import { exportImage } from "./archive-export-image.ts";
import { exportManifest, type WriteOptions } from "./archive-write.ts";
import { archiveImageName } from "./archive-parse.ts";
import type { ImageStore } from "./image-store.ts";
import { parseLocalTransport } from "./transport-reference.ts";
import { writeToDir, writeToDockerArchive, writeToOciArchive, writeToOciDir } from "./transport-writers.ts";

export interface LocalPushOptions extends WriteOptions {
  registries?: RegistriesConf;
}

/** Writes image `source` (name or id) to `destination`; returns the image id and the written manifest's digest. */
export async function pushToLocalTransport(store: ImageStore, source: string, destination: string, opts: LocalPushOptions = {}): Promise<{ id: string; manifestDigest: string }> {
  const dest = parseLocalTransport(destination);
  const record = store.lookup(source, opts.registries);
  if (!record) throw new TspodError("no_such_image", `${source}: image not known`.replace(/: image not known$/, ""));
  const image = await exportImage(store, record);
  try {
    switch (dest.transport) {
      case "oci":
        await writeToOciDir(dest.path, image, dest.ref, opts);
        break;
      case "oci-archive":
        await writeToOciArchive(dest.path, image, dest.ref, opts);
        break;
      case "docker-archive": {
        const tag = dest.ref ? archiveImageName(dest.ref) : record.names.find((n) => n === archiveImageName(source, "localhost")) ?? record.names[0];
        if (dest.ref && !tag) throw new TspodError("invalid_reference", `docker-archive reference ${JSON.stringify(dest.ref)}`);
        await writeToDockerArchive(dest.path, image, tag ? [tag] : [], opts);
        break;
      }
      case "dir":
        await writeToDir(dest.path, image, opts);
        break;
    }
  } finally {
    image.dispose();
  }
  return { id: record.id, manifestDigest: exportManifest(image, dest.transport === "docker-archive" ? "docker" : "oci").digest };
}
