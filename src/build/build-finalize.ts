/**
 * The last step's image becomes the build's result: `--label`, `--env`, `--unsetenv`,
 * `--annotation`, the image format (OCI drops HEALTHCHECK, SHELL and ONBUILD with Podman's
 * warnings), `--squash` / `--squash-all`, and `--output` (the rootfs exported to a dir or tar).
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ImageRecord, OciContainerConfig, OciHistory } from "../image/image-types.ts";
import { flattenLayers } from "../storage/vfs-copy.ts";
import { tarPath } from "../storage/dir-tar.ts";
import { commitStep } from "./build-commit.ts";
import type { BuildExecutor } from "./build-executor.ts";

export async function finalizeImage(b: BuildExecutor, image: ImageRecord): Promise<ImageRecord> {
  const images = b.rt.images;
  const cfgFull = images.config(image);
  const config: OciContainerConfig = structuredClone(cfgFull.config ?? {});
  let history: OciHistory[] = structuredClone(cfgFull.history ?? []);
  let changed = false;
  const o = b.opts;
  if (Object.keys(o.labels).length) {
    config.Labels = { ...(config.Labels ?? {}), ...o.labels };
    changed = true;
  }
  if (o.env.length || o.unsetenv.length) {
    const env = new Map((config.Env ?? []).map((e) => [e.split("=")[0]!, e] as const));
    for (const e of o.env) {
      const eq = e.indexOf("=");
      if (eq > 0) env.set(e.slice(0, eq), e);
    }
    for (const u of o.unsetenv) env.delete(u);
    config.Env = [...env.values()];
    changed = true;
  }
  if (o.format === "oci") {
    if (config.Healthcheck) b.warn("HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format");
    if (config.Shell) b.warn(`SHELL is not supported for OCI image format, [${config.Shell.join(" ")}] will be ignored. Must use \`docker\` format`);
    if (config.OnBuild?.length) b.warn(`ONBUILD is not supported for OCI image format, ${config.OnBuild.join(", ")} will be ignored. Must use \`docker\` format`);
    for (const k of ["Healthcheck", "Shell", "OnBuild"] as const) {
      if (k in config) {
        delete config[k];
        changed = true;
      }
    }
  }
  if (Object.keys(o.annotations).length) changed = true;
  let result = image;
  if (o.squash || o.squashAll) {
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
      history = [...baseHistory, ...added];
      result = await commitStep(images, { parent, config, history, layerDir: tmp, created: b.now(), format: o.format, annotations: o.annotations, author: cfgFull.author });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } else if (changed) {
    const parentLess = { ...image };
    result = await commitStep(images, { parent: parentLess, config, history, created: cfgFull.created ?? b.now(), format: o.format, annotations: o.annotations, author: cfgFull.author });
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
