/**
 * `commit`: the container's upper dir becomes a new layer on top of its image's (or, with
 * `--squash`, the whole merged tree one layer). The layer tar converts overlay whiteouts back to
 * `.wh.` entries, is gzip-compressed into the blob store and unpacked into the layer store; a new
 * config and OCI manifest are written and the image is recorded in the image store.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { CommitOptions } from "../../domain/container-fs-engine.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import { MEDIA_TYPES, type OciDescriptor, type OciImageConfig } from "../../image/image-types.ts";
import { parseReference } from "../../image/reference.ts";
import { imageLayerDescriptors } from "../../image/image-layer-descriptors.ts";
import { collect, tarPath } from "../../storage/dir-tar.ts";
import { containerIdsOf } from "./container-idmap.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { withRootfs } from "./container-mount.ts";
import path from "node:path";

const sha256 = (b: Uint8Array) => "sha256:" + createHash("sha256").update(b).digest("hex");

function splitWords(s: string): string[] {
  const t = s.trim();
  if (t.startsWith("[")) {
    try {
      return JSON.parse(t) as string[];
    } catch {
      throw new TspodError("invalid_argument", `invalid JSON array in change ${s}`);
    }
  }
  return ["/bin/sh", "-c", t];
}

/** Applies Dockerfile-style `--change` instructions to an image config. */
export function applyChanges(cfg: NonNullable<OciImageConfig["config"]>, changes: string[]): void {
  for (const change of changes) {
    const m = /^\s*(\w+)[\s=]+([\s\S]*)$/.exec(change);
    if (!m) throw new TspodError("invalid_argument", `invalid change "${change}"`);
    const instr = m[1]!.toUpperCase();
    const arg = m[2]!.trim();
    const pairs = () => {
      const out: [string, string][] = [];
      for (const part of arg.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
        const eq = part.indexOf("=");
        if (eq > 0) out.push([part.slice(0, eq), part.slice(eq + 1).replace(/^"|"$/g, "")]);
      }
      if (out.length === 0) {
        const sp = arg.indexOf(" ");
        if (sp > 0) out.push([arg.slice(0, sp), arg.slice(sp + 1).trim()]);
      }
      return out;
    };
    switch (instr) {
      case "CMD": cfg.Cmd = splitWords(arg); break;
      case "ENTRYPOINT": cfg.Entrypoint = splitWords(arg); break;
      case "ENV": {
        const env = new Map((cfg.Env ?? []).map((e) => [e.split("=")[0]!, e] as const));
        for (const [k, v] of pairs()) env.set(k, `${k}=${v}`);
        cfg.Env = [...env.values()];
        break;
      }
      case "LABEL": cfg.Labels = { ...(cfg.Labels ?? {}), ...Object.fromEntries(pairs()) }; break;
      case "USER": cfg.User = arg; break;
      case "WORKDIR": cfg.WorkingDir = arg; break;
      case "STOPSIGNAL": cfg.StopSignal = arg; break;
      case "EXPOSE": {
        cfg.ExposedPorts = { ...(cfg.ExposedPorts ?? {}) };
        for (const p of arg.split(/\s+/)) cfg.ExposedPorts[p.includes("/") ? p : `${p}/tcp`] = {};
        break;
      }
      case "VOLUME": {
        cfg.Volumes = { ...(cfg.Volumes ?? {}) };
        for (const v of splitWords(arg)[0] === "/bin/sh" ? arg.split(/\s+/) : splitWords(arg)) cfg.Volumes[v] = {};
        break;
      }
      case "ONBUILD": cfg.OnBuild = [...(cfg.OnBuild ?? []), arg]; break;
      default:
        throw new TspodError("invalid_argument", `${instr} is not a valid change instruction`);
    }
  }
}

export async function commitContainer(rt: Runtime, rec: ContainerRecord, opts: CommitOptions): Promise<string> {
  const c = rec.config;
  const base = rt.images.lookup(c.imageId);
  if (!base) throw new TspodError("no_such_image", `container ${c.id}: image ${c.imageId} is gone`);
  const baseConfig = rt.images.config(base);
  const upper = path.join(rt.rootfs.dir(c.id), "upper");
  if (!opts.squash && rt.rootfs.driverOf(c.id) === "vfs") {
    throw new TspodError("invalid_argument", `container ${c.id} uses the vfs storage driver, which keeps no separate layer of its changes: commit it with --squash`);
  }
  const mapIds = containerIdsOf(rec);
  const layerTar = opts.squash
    ? await withRootfs(rt, c.id, (root) => collect(tarPath(root, { mapIds })))
    : await collect(tarPath(upper, { overlayWhiteouts: true, mapIds }));
  const diffId = sha256(layerTar);
  const gz = new Uint8Array(gzipSync(layerTar));
  const layerDigest = sha256(gz);
  await rt.images.blobs.put(gz, { digest: layerDigest, size: gz.length });
  await rt.images.layers.unpack(rt.images.blobs.path(layerDigest), diffId, { compressedDigest: layerDigest });

  const baseLayers: OciDescriptor[] = opts.squash ? [] : imageLayerDescriptors(rt.images, base);
  const now = new Date().toISOString();
  const cfg = structuredClone(baseConfig.config ?? {});
  cfg.Env = c.env;
  cfg.Cmd = c.cmd.length ? c.cmd : cfg.Cmd;
  cfg.Entrypoint = c.entrypoint.length ? c.entrypoint : cfg.Entrypoint;
  if (c.workdir) cfg.WorkingDir = c.workdir;
  if (c.user) cfg.User = c.user;
  if (Object.keys(c.labels).length) cfg.Labels = { ...(cfg.Labels ?? {}), ...c.labels };
  applyChanges(cfg, opts.changes);
  const history = opts.squash ? [] : [...(baseConfig.history ?? [])];
  // Like Podman's (and a build step's) history entry: the shell as created_by, `FROM <base>` as comment.
  const comment = opts.message ?? `FROM ${base.names[0] ?? base.id.slice(0, 12)}`;
  history.push({ created: now, created_by: "/bin/sh", ...(opts.author ? { author: opts.author } : {}), comment });
  const config: OciImageConfig = {
    ...baseConfig,
    created: now,
    ...(opts.author ? { author: opts.author } : {}),
    config: cfg,
    rootfs: { type: "layers", diff_ids: [...(opts.squash ? [] : base.diffIds), diffId] },
    history,
  };
  const configBytes = new TextEncoder().encode(JSON.stringify(config));
  const configDigest = sha256(configBytes);
  await rt.images.blobs.put(configBytes, { digest: configDigest, size: configBytes.length });
  const layers = [...baseLayers, { mediaType: MEDIA_TYPES.ociLayerGzip, digest: layerDigest, size: gz.length }];
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: configBytes.length },
    layers,
    ...(opts.message ? { annotations: { "org.opencontainers.image.description": opts.message } } : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  const manifestDigest = sha256(manifestBytes);
  await rt.images.blobs.put(manifestBytes, { digest: manifestDigest, size: manifestBytes.length });
  const names: string[] = [];
  if (opts.image) {
    let ref = parseReference(opts.image);
    if (ref.isShortName) ref = ref.withRegistry("localhost");
    names.push(ref.toString());
  }
  const diffIds = config.rootfs.diff_ids;
  const size = diffIds.reduce((n, d) => n + (rt.images.layers.info(d)?.size ?? 0), 0);
  const record = rt.images.add({
    id: configDigest.slice(7),
    names,
    digests: [],
    manifestDigest,
    manifestMediaType: MEDIA_TYPES.ociManifest,
    configDigest,
    diffIds,
    created: now,
    size,
    pulledAt: Date.now(),
  });
  return record.id;
}
