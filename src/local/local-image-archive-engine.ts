/** ImageArchiveEngine over the local image store. */
import { emitImageEvent } from "../engine/events/container-events.ts";
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { ImageArchiveEngine, ImportOptions, LoadOptions, SaveOptions } from "../domain/image-archive-engine.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { stageToFile, storeTempDir } from "../image/archive-file.ts";
import { loadArchive, pullFromLocalTransport } from "../image/archive-load.ts";
import { copyEventLine, type CopyEvent } from "../image/archive-progress.ts";
import { saveImages } from "../image/archive-save.ts";
import { importTarball } from "../image/import-tarball.ts";
import type { OciPlatform } from "../image/image-types.ts";
import { hostPlatform } from "../image/manifest.ts";
import { pushToLocalTransport } from "../image/transport-push.ts";

function sink(progress: ProgressSink, quiet: boolean): ((e: CopyEvent) => void) | undefined {
  return quiet ? undefined : (e) => progress(copyEventLine(e));
}

function parsePlatform(s: string | undefined): OciPlatform | undefined {
  if (!s) return undefined;
  const [os, arch, variant, extra] = s.split("/");
  if (extra !== undefined || (!os && !arch && !variant)) throw new TspodError("invalid_argument", `invalid platform ${JSON.stringify(s)}: expected OS/ARCH[/VARIANT]`);
  const host = hostPlatform();
  const architecture = arch || host.architecture;
  const v = variant || (architecture === host.architecture ? host.variant : undefined);
  return { os: os || host.os, architecture, ...(v ? { variant: v } : {}) };
}

export class LocalImageArchiveEngine implements ImageArchiveEngine {
  constructor(private readonly rt: Runtime) {}

  async save(images: string[], opts: SaveOptions, progress: ProgressSink, signal?: AbortSignal): Promise<void> {
    await saveImages(this.rt.images, images, { ...opts, registries: this.rt.registries, signal, onEvent: sink(progress, opts.quiet) });
    for (const name of images) emitImageEvent(this.rt, "save", { name });
  }

  async load(opts: LoadOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ names: string[] }> {
    const store = this.rt.images;
    let work: string | undefined;
    try {
      let input = opts.input;
      if (!input) {
        if (!opts.stream) throw new TspodError("invalid_argument", "no input");
        work = storeTempDir(store.root, "stdin");
        input = path.join(work, "archive");
        await stageToFile(opts.stream, input, signal);
      }
      const records = await loadArchive(store, input, { signal, onEvent: sink(progress, opts.quiet) });
      for (const r of records) emitImageEvent(this.rt, "load", { id: r.id, name: r.names[0] });
      return { names: records.flatMap((r) => (r.names.length ? r.names : [`sha256:${r.id}`])) };
    } finally {
      if (work) fs.rmSync(work, { recursive: true, force: true });
    }
  }

  async import(source: string, opts: ImportOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }> {
    const r = await importTarball(this.rt.images, source, {
      changes: opts.changes,
      message: opts.message,
      platform: parsePlatform(opts.platform),
      reference: opts.reference,
      stream: opts.stream,
      signal,
      onEvent: sink(progress, opts.quiet),
    });
    emitImageEvent(this.rt, "import", { id: r.id, name: opts.reference });
    return { id: r.id };
  }

  async pushLocal(image: string, destination: string, opts: { quiet: boolean }, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }> {
    const { id } = await pushToLocalTransport(this.rt.images, image, destination, { registries: this.rt.registries, signal, onEvent: sink(progress, opts.quiet) });
    return { id };
  }

  async pullLocal(source: string, opts: { quiet: boolean }, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }> {
    const r = await pullFromLocalTransport(this.rt.images, source, { signal, onEvent: sink(progress, opts.quiet) });
    return { id: r.id };
  }
}
