/** What the CLI and the API ask of image archives and local transports (save/load/import/push/pull). */
import type { ProgressSink } from "./image-engine.ts";

export type ArchiveFormat = "docker-archive" | "oci-archive" | "oci-dir" | "docker-dir";

export interface SaveOptions {
  format: ArchiveFormat;
  multiImage: boolean;
  /** File (or directory for the dir formats); without it the bytes go to `write`. */
  output?: string;
  write?: (chunk: Uint8Array) => void | Promise<void>;
  quiet: boolean;
}

export interface LoadOptions {
  /** Archive file; without it the archive is read from `stream` (stdin). */
  input?: string;
  stream?: AsyncIterable<Uint8Array>;
  quiet: boolean;
}

export interface ImportOptions {
  changes: string[];
  message?: string;
  platform?: string;
  reference?: string;
  /** The tarball when the source is `-`. */
  stream?: AsyncIterable<Uint8Array>;
  quiet: boolean;
}

export interface ImageArchiveEngine {
  save(images: string[], opts: SaveOptions, progress: ProgressSink, signal?: AbortSignal): Promise<void>;
  /** Returns the loaded images' names (or `sha256:<id>` for unnamed ones). */
  load(opts: LoadOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ names: string[] }>;
  import(source: string, opts: ImportOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }>;
  /** `push IMAGE oci:…|oci-archive:…|docker-archive:…|dir:…`. */
  pushLocal(image: string, destination: string, opts: { quiet: boolean }, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }>;
  /** `pull oci:…|oci-archive:…|docker-archive:…|dir:…`. */
  pullLocal(source: string, opts: { quiet: boolean }, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }>;
}
