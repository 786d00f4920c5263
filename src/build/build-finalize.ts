/**
 * After the last step (whose image already carries the final config, see BuildExecutor.finalConfig):
 * `--squash` / `--squash-all`, and `--output` (the rootfs exported to a dir or a tar file).
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ImageRecord, OciHistory } from "../image/image-types.ts";
import { flattenLayers } from "../storage/vfs-copy.ts";
import { tarPath } from "../storage/dir-tar.ts";
import { commitStep } from "./build-commit.ts";
import type { BuildExecutor } from "./build-executor.ts";

export async function finalizeImage(b: BuildExecutor, image: ImageRecord): Promise<ImageRecord> {
  const images = b.rt.images;
  const o = b.opts;
  let result = image;
  if (o.squash || o.squashAll) {
    const cfgFull = images.config(image);
    const history: OciHistory[] = cfgFull.history ?? [];
    const keep = o.squashAll ? 0 : (b.finalBaseLayers ?? 0);
    const dirs = image.diffIds.slice(keep).map((d) => images.layers.layerDiffPath(d));
    const parent = keep > 0 && b.finalBase ? b.finalBase : undefined;
    const tmp = path.join(b.rt.settings.root, "build", `${process.pid}-squash-${randomBytes(6).toString("hex")}`);
    fs.mkdirSync(tmp, { recursive: true, mode: 0o755 });
    try {
      flattenLayers(dirs, tmp, { keepWhiteouts: !o.squashAll });
      const baseHistory = parent ? (images.config(parent).history ?? []) : [];
      const added: OciHistory[] = history.slice(baseHistory.length).map((h, i, all) => {
        const { empty_layer: _, ...rest } = h;
        return i === all.length - 1 ? rest : { ...rest, empty_layer: true };
      });
      const config = cfgFull.config ?? {};
      result = await commitStep(images, { parent, config, history: [...baseHistory, ...added], layerDir: tmp, created: b.now(), format: o.format, annotations: o.annotations, author: cfgFull.author });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (o.output) await exportRootfs(b, result, o.output);
  return result;
}

async function exportRootfs(b: BuildExecutor, image: ImageRecord, out: { type: "local" | "tar"; dest: string }): Promise<void> {
  const dirs = image.diffIds.map((d) => b.rt.images.layers.layerDiffPath(d));
  if (out.type === "local") {
    fs.mkdirSync(out.dest, { recursive: true });
    flattenLayers(dirs, out.dest);
    return;
  }
  const tmp = path.join(b.rt.settings.root, "build", `${process.pid}-out-${randomBytes(6).toString("hex")}`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    flattenLayers(dirs, tmp);
    const fd = fs.openSync(out.dest, "w");
    try {
      for await (const chunk of tarPath(tmp)) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
