/** `save`: one or more images to a docker-archive, oci-archive, OCI layout dir or docker dir. */
import { TspodError } from "../errors/tspod-error.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";
import { DirSink, TarSink, type ChunkWriter, type LayoutSink } from "./archive-sink.ts";
import { writeArchiveFile } from "./archive-file.ts";
import { exportImage, type ExportImage } from "./archive-export-image.ts";
import { archiveImageName } from "./archive-parse.ts";
import { writeDirLayout, writeDockerArchive, writeOciLayout, type WriteOptions } from "./archive-write.ts";
import type { ImageStore } from "./image-store.ts";
import type { ImageRecord } from "./image-types.ts";

export type SaveFormat = "docker-archive" | "oci-archive" | "oci-dir" | "docker-dir";
export const SAVE_FORMATS: SaveFormat[] = ["docker-archive", "oci-archive", "oci-dir", "docker-dir"];

export interface SaveOptions extends WriteOptions {
  format: SaveFormat;
  multiImage?: boolean;
  /** Target file (archives) or directory (dir formats). */
  output?: string;
  /** Receives the archive bytes when there is no output file (stdout). */
  write?: ChunkWriter;
  registries?: RegistriesConf;
}

/** The name to record for `arg` in the archive: the image's own name that `arg` refers to. */
function nameFor(arg: string, record: ImageRecord): string | undefined {
  if (record.id.startsWith(arg.replace(/^sha256:/, ""))) return undefined;
  const full = archiveImageName(arg, "localhost");
  if (full && record.names.includes(full)) return full;
  const tail = archiveImageName(arg, "x");
  const suffix = tail ? tail.slice(2) : arg;
  return record.names.find((n) => n.endsWith(`/${suffix}`)) ?? record.names[0];
}

export async function saveImages(store: ImageStore, args: string[], opts: SaveOptions): Promise<void> {
  if (!SAVE_FORMATS.includes(opts.format)) throw new TspodError("invalid_argument", `unknown format option "${opts.format}"`);
  if (args.length === 0) throw new TspodError("invalid_argument", "need at least 1 argument");
  const entries: { image: ExportImage; names: string[] }[] = [];
  try {
    for (const arg of args) {
      const record = store.lookup(arg, opts.registries);
      if (!record) throw new TspodError("no_such_image", `${arg}: image not known`.replace(/: image not known$/, ""));
      const name = nameFor(arg, record);
      const prev = entries.find((e) => e.image.record.id === record.id);
      if (prev) {
        if (name && !prev.names.includes(name)) prev.names.push(name);
        continue;
      }
      entries.push({ image: await exportImage(store, record), names: name ? [name] : [] });
    }
    await writeEntries(entries, opts);
  } finally {
    for (const e of entries) e.image.dispose();
  }
}

async function writeEntries(entries: { image: ExportImage; names: string[] }[], opts: SaveOptions): Promise<void> {
  const dirFormat = opts.format === "oci-dir" || opts.format === "docker-dir";
  if (entries.length > 1 && !opts.multiImage && opts.format !== "oci-archive" && opts.format !== "oci-dir") {
    throw new TspodError("invalid_argument", `${opts.format} does not support saving several images without --multi-image-archive (-m)`);
  }
  if (opts.format === "docker-dir" && entries.length > 1) throw new TspodError("invalid_argument", "docker-dir holds a single image");
  const produce = async (sink: LayoutSink) => {
    if (opts.format === "docker-archive") await writeDockerArchive(sink, entries.map((e) => ({ image: e.image, tags: e.names })), opts);
    else if (opts.format === "docker-dir") await writeDirLayout(sink, entries[0]!.image, "docker", opts);
    else await writeOciLayout(sink, entries.flatMap((e) => (e.names.length ? e.names.map((n) => ({ image: e.image, refName: n })) : [{ image: e.image }])), opts);
  };
  if (dirFormat) {
    if (!opts.output) throw new TspodError("invalid_argument", `--format ${opts.format} needs an output directory (-o)`);
    await produce(new DirSink(opts.output));
  } else if (opts.output) {
    await writeArchiveFile(opts.output, (write) => produce(new TarSink(write, opts.format === "oci-archive")));
  } else if (opts.write) {
    await produce(new TarSink(opts.write, opts.format === "oci-archive"));
  } else {
    throw new TspodError("invalid_argument", "no output for save");
  }
}
