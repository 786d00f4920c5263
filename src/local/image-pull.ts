/** Pulling with Podman's progress lines, and finding-or-pulling the image a container needs. */
import { TspodError } from "../errors/tspod-error.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { pullImage, type PullEvent } from "../image/pull.ts";
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
}

export async function pullWithProgress(rt: Runtime, ref: string, req: PullRequest, progress?: ProgressSink, signal?: AbortSignal): Promise<ImageRecord> {
  const image = await pullImage(ref, {
    root: rt.settings.root,
    registries: rt.registries,
    tlsVerify: req.tlsVerify,
    certDir: req.certDir,
    signal,
    store: rt.images,
    onEvent: (e) => {
      const line = progress && pullEventLine(e);
      if (line) progress(line);
    },
  });
  emitImageEvent(rt, "pull", { name: ref });
  return image;
}

export async function ensureImage(
  rt: Runtime,
  ref: string,
  req: PullRequest & { policy: "always" | "missing" | "never" | "newer" },
  progress?: ProgressSink,
  signal?: AbortSignal,
): Promise<ImageRecord> {
  const local = req.policy === "always" ? undefined : rt.images.lookup(ref, rt.registries);
  if (local) return local;
  if (req.policy === "never") throw new TspodError("no_such_image", `${ref}: image not known`.replace(/: image not known$/, ""));
  return pullWithProgress(rt, ref, req, progress, signal);
}
