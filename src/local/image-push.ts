/** `push`: finds the local image, dispatches on the destination transport, prints Podman's lines. */
import { pullEventLine } from "./image-pull.ts";
import { emitImageEvent } from "../engine/events/container-events.ts";
import fs from "node:fs";
import { TspodError } from "../errors/tspod-error.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { PushOptions } from "../domain/registry-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { parseFullReference, parseReference } from "../image/reference.ts";
import { parsePushDestination } from "../image/push-destination.ts";
import { pushImage, type PushEvent } from "../image/push.ts";
import { credentialsLookup } from "./registry-credentials.ts";
import { copyEventLine } from "../image/archive-progress.ts";
import { isLocalTransport } from "../image/transport-reference.ts";
import { pushToLocalTransport } from "../image/transport-push.ts";


/** Push progress uses the same lines as pull (Podman's copy output). */
export function pushEventLine(e: PushEvent): string {
  return pullEventLine(e) ?? "";
}

export async function pushWithProgress(
  rt: Runtime,
  source: string,
  destination: string | undefined,
  opts: PushOptions,
  progress: ProgressSink | undefined,
  signal?: AbortSignal,
): Promise<{ digest: string }> {
  const image = rt.images.lookup(source, rt.registries);
  if (!image) throw new TspodError("no_such_image", `${source}: image not known`.replace(/: image not known$/, ""));
  let destText = destination;
  if (destText === undefined) {
    let srcRef;
    try {
      srcRef = parseReference(source);
    } catch {
      srcRef = undefined;
    }
    destText = srcRef && !srcRef.isShortName ? srcRef.toString() : image.names[0];
    if (!destText) throw new TspodError("invalid_argument", `no destination given and image ${image.id.slice(0, 12)} has no name to push to`);
  }
  const dest = parsePushDestination(destText);
  if (dest.transport !== "docker") {
    if (!isLocalTransport(destText)) throw new TspodError("invalid_argument", `pushing to the ${dest.transport}: transport is not supported yet`);
    const local = await pushToLocalTransport(rt.images, source, destText, { registries: rt.registries, signal, onEvent: (e) => progress?.(copyEventLine(e)) });
    if (opts.digestfile) fs.writeFileSync(opts.digestfile, local.manifestDigest);
    emitImageEvent(rt, "push", { id: image.id, name: destText });
    return { digest: local.manifestDigest };
  }
  const ref = parseFullReference(dest.target);
  const creds = credentialsLookup(rt, opts)(ref.registry, ref.repository);
  const result = await pushImage(image, ref, {
    store: rt.images,
    insecure: rt.registries.isInsecure(ref.registry),
    tlsVerify: opts.tlsVerify,
    certDir: opts.certDir,
    credentials: creds,
    format: opts.format,
    compression: opts.compressionFormat,
    signal,
    onEvent: (e) => progress?.(pushEventLine(e)),
  });
  if (opts.digestfile) fs.writeFileSync(opts.digestfile, result.manifestDigest);
  emitImageEvent(rt, "push", { id: image.id, name: destText });
  return { digest: result.manifestDigest };
}
