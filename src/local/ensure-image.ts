/**
 * The image a new container runs, pulled only when the pull policy says so. The registry client
 * is imported only for an actual pull, so `run` with a local image never loads it.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import type { PullRequest } from "./image-pull.ts";

async function pullWithProgress(rt: Runtime, ref: string, req: PullRequest, progress?: ProgressSink, signal?: AbortSignal): Promise<ImageRecord> {
  return (await import("./image-pull.ts")).pullWithProgress(rt, ref, req, progress, signal);
}

export async function ensureImage(
  rt: Runtime,
  ref: string,
  req: PullRequest & { policy: "always" | "missing" | "never" | "newer" },
  progress?: ProgressSink,
  signal?: AbortSignal,
): Promise<ImageRecord> {
  const local = req.policy === "always" ? undefined : rt.images.lookup(ref, () => rt.registries);
  if (local && req.policy === "newer") {
    // Pull when the registry has something newer; a pull of the same digest reuses every blob.
    // When the registry cannot be reached, the local image is used, as Podman does.
    try {
      return await pullWithProgress(rt, ref, req, progress, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      rt.log.debug(`--pull newer: keeping the local image: ${(err as Error).message}`);
      return local;
    }
  }
  if (local) return local;
  if (req.policy === "never") throw new TspodError("no_such_image", `${ref}: image not known`.replace(/: image not known$/, ""));
  return pullWithProgress(rt, ref, req, progress, signal);
}
