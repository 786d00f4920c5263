/** Pulling with Podman's progress lines, and finding-or-pulling the image a container needs. */
import { TspodError } from "../errors/tspod-error.ts";
import type { ProgressSink, PullOptions as DomainPullOptions } from "../domain/image-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord, OciPlatform } from "../image/image-types.ts";
import { pullImage, type PullEvent, type PullOptions } from "../image/pull.ts";
import { pullAllTags } from "../image/pull-all-tags.ts";
import { hostPlatform } from "../image/manifest.ts";
import { loadPolicy } from "../image/policy.ts";
import { loadRegistriesD } from "../image/signature-storage.ts";
import { policyPath, registriesDir } from "../config/policy-paths.ts";
import { recordPulledBlobs } from "./blob-locations-record.ts";
import { credentialsLookup } from "./registry-credentials.ts";
import { emitImageEvent } from "../engine/events/container-events.ts";

function shortHex(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/** Podman's plain (non-TTY) pull output, one line per event. */
export function pullEventLine(e: PullEvent): string | undefined {
  switch (e.type) {
    case "trying":
      return `Trying to pull ${e.reference}...`;
    case "getting-signatures":
      return "Getting image source signatures";
    case "blob":
      return e.status === "skipped" ? `Copying blob ${shortHex(e.digest)} skipped: already exists` : `Copying blob ${shortHex(e.digest)} done`;
    case "config":
      return `Copying config ${shortHex(e.digest)} done`;
    case "writing-manifest":
      return "Writing manifest to image destination";
    case "storing-signatures":
      return "Storing signatures";
    default:
      return undefined;
  }
}

export interface PullRequest {
  tlsVerify?: boolean;
  certDir?: string;
  creds?: string;
  authfile?: string;
  signaturePolicy?: string;
  platform?: DomainPullOptions["platform"];
  onBlobProgress?: DomainPullOptions["onBlobProgress"];
}

/** `--platform os/arch[/variant]` parts over this host's platform. */
export function wantedPlatform(p: PullRequest["platform"]): OciPlatform | undefined {
  if (!p || (!p.os && !p.arch && !p.variant)) return undefined;
  const host = hostPlatform();
  const arch = p.arch ?? host.architecture;
  const variant = p.variant ?? (p.arch && p.arch !== host.architecture ? undefined : host.variant);
  return { os: p.os ?? host.os, architecture: arch, ...(variant ? { variant } : {}) };
}

function pullOptions(rt: Runtime, req: PullRequest, progress?: ProgressSink, signal?: AbortSignal): PullOptions {
  const env = rt.settings.env;
  const platform = wantedPlatform(req.platform);
  return {
    root: rt.settings.root,
    registries: rt.registries,
    tlsVerify: req.tlsVerify,
    certDir: req.certDir,
    credentialsFor: credentialsLookup(rt, req),
    signal,
    store: rt.images,
    policy: loadPolicy(policyPath(req.signaturePolicy, env)),
    registriesD: () => loadRegistriesD(registriesDir(env)),
    ...(platform ? { platform } : {}),
    onEvent: (e) => {
      if (progress && req.onBlobProgress) {
        if (e.type === "blob-progress") {
          return req.onBlobProgress({ digest: e.digest, bytes: e.bytes, total: e.total, status: "downloading" });
        }
        if (e.type === "blob") return req.onBlobProgress({ digest: e.digest, bytes: 0, total: 0, status: e.status === "done" ? "done" : "skipped" });
      }
      const line = progress && pullEventLine(e);
      if (line) progress(line);
    },
  };
}

export async function pullWithProgress(rt: Runtime, ref: string, req: PullRequest, progress?: ProgressSink, signal?: AbortSignal): Promise<ImageRecord> {
  const image = await pullImage(ref, pullOptions(rt, req, progress, signal));
  recordPulledBlobs(rt, image);
  emitImageEvent(rt, "pull", { name: ref });
  return image;
}

export async function pullAllTagsWithProgress(rt: Runtime, ref: string, req: PullRequest, progress?: ProgressSink, signal?: AbortSignal): Promise<ImageRecord[]> {
  const images = await pullAllTags(ref, pullOptions(rt, req, progress, signal));
  for (const image of images) {
    recordPulledBlobs(rt, image);
    emitImageEvent(rt, "pull", { name: image.names[0] ?? ref });
  }
  return images;
}
