/** What the CLI and the API ask of images. */
import type { ImageListEntry } from "../define/image-types.ts";

export interface PullOptions {
  tlsVerify?: boolean;
  certDir?: string;
  /** `--creds USER[:PASS]`. */
  creds?: string;
  /** `--authfile` (else REGISTRY_AUTH_FILE, else the default auth.json). */
  authfile?: string;
  quiet: boolean;
}

/** A progress line for the user (Podman's "Trying to pull …", "Copying blob …"). */
export type ProgressSink = (line: string) => void;

export interface ImageEngine {
  pull(ref: string, opts: PullOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string }>;
  /** `filters` are Podman's `key=value` image filters; newest first. */
  list(opts: { all: boolean; filters?: string[] }): Promise<ImageListEntry[]>;
  exists(nameOrId: string): Promise<boolean>;
}
