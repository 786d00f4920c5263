/**
 * The infra image: when none is configured, tspod assembles one locally, as Podman 4.3 does —
 * a one-layer image holding the host's catatonit as `/catatonit`, entrypoint `/catatonit -P`,
 * named after tspod's version and catatonit's modification time (a new catatonit, a new image).
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import { TSPOD_VERSION } from "../../define/version.ts";
import { importTarball } from "../../image/import-tarball.ts";
import type { ImageRecord } from "../../image/image-types.ts";
import { buildTar } from "../../util/tar-writer.ts";
import type { Runtime } from "../runtime.ts";

export const CATATONIT_PATH = "/usr/bin/catatonit";

export function infraImageName(catatonit = CATATONIT_PATH): string {
  let mtime = 0;
  try {
    mtime = Math.floor(fs.statSync(catatonit).mtimeMs / 1000);
  } catch {
    throw new TspodError("config", `building the infra image: ${catatonit} is missing (install catatonit or set infra_image in containers.conf)`);
  }
  return `localhost/tspod-pause:${TSPOD_VERSION}-${mtime}`;
}

/** The local infra image, built once (under a lock, so concurrent `pod create`s build it once). */
export async function ensureLocalInfraImage(rt: Runtime): Promise<ImageRecord> {
  const name = infraImageName();
  const existing = rt.images.lookup(name);
  if (existing) return existing;
  return rt.locks.withLock("infra-image", async () => {
    const again = rt.images.lookup(name);
    if (again) return again;
    rt.log.debug(`building infra image ${name} from ${CATATONIT_PATH}`);
    const tar = buildTar([{ name: "catatonit", mode: 0o755, data: fs.readFileSync(CATATONIT_PATH) }]);
    // (in the run root, not os.tmpdir(): node:os would load on every `run` for this rare path)
    const dir = fs.mkdtempSync(path.join(rt.settings.runroot, "infra-image-"));
    try {
      const file = path.join(dir, "layer.tar");
      fs.writeFileSync(file, tar);
      return await importTarball(rt.images, file, {
        reference: name,
        changes: [`ENTRYPOINT ["/catatonit","-P"]`, "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        message: "tspod infra image",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
