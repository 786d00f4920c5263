/** One writer per local transport: the image goes to `oci:`, `oci-archive:`, `docker-archive:` or `dir:`. */
import fs from "node:fs";
import { DirSink, TarSink } from "./archive-sink.ts";
import { writeArchiveFile } from "./archive-file.ts";
import type { ExportImage } from "./archive-export-image.ts";
import { writeDirLayout, writeDockerArchive, writeOciLayout, type WriteOptions } from "./archive-write.ts";

/** Adds the image to the OCI layout directory `dir` (created if needed), as `ref` when given. */
export async function writeToOciDir(dir: string, image: ExportImage, ref: string | undefined, opts: WriteOptions = {}): Promise<void> {
  await writeOciLayout(new DirSink(dir), [{ image, refName: ref }], opts);
}

/** Writes a one-image OCI layout tar to `file`. */
export async function writeToOciArchive(file: string, image: ExportImage, ref: string | undefined, opts: WriteOptions = {}): Promise<void> {
  await writeArchiveFile(file, (write) => writeOciLayout(new TarSink(write, true), [{ image, refName: ref }], opts));
}

/** Writes a one-image `docker save` archive to `file`, tagged `tags`. */
export async function writeToDockerArchive(file: string, image: ExportImage, tags: string[], opts: WriteOptions = {}): Promise<void> {
  await writeArchiveFile(file, (write) => writeDockerArchive(new TarSink(write), [{ image, tags }], opts));
}

/** Writes skopeo's `dir:` layout into `dir` (replacing the files of a previous image there). */
export async function writeToDir(dir: string, image: ExportImage, opts: WriteOptions = {}): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await writeDirLayout(new DirSink(dir), image, "oci", opts);
}
