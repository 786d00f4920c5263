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
  /** `--signature-policy`: policy.json to enforce instead of the default one. */
  signaturePolicy?: string;
  /** `--platform` / `--os` / `--arch` / `--variant` (unset parts: this host's). */
  platform?: { os?: string; arch?: string; variant?: string };
  /** `-a`: pull every tag of the repository. */
  allTags?: boolean;
  /** `--policy` (default always). */
  pullPolicy?: "always" | "missing" | "never" | "newer";
  /** Per-blob byte progress (for progress bars); when set, blob lines are not sent as text. */
  onBlobProgress?: (p: BlobProgress) => void;
}

export interface BlobProgress {
  digest: string;
  bytes: number;
  total: number;
  status: "downloading" | "done" | "skipped";
}

/** A progress line for the user (Podman's "Trying to pull …", "Copying blob …"). */
export type ProgressSink = (line: string) => void;

export interface ImageEngine {
  /** Pulls one reference (or all its tags with `allTags`); returns the ids of the images. */
  pull(ref: string, opts: PullOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string; ids?: string[] }>;
  /**
   * `filters` are Podman's `key=value` image filters; newest first. `containerCounts: false` leaves
   * `Containers` at 0 and skips reading the container state (for output that does not show it).
   */
  list(opts: { all: boolean; filters?: string[]; containerCounts?: boolean }): Promise<ImageListEntry[]>;
  exists(nameOrId: string): Promise<boolean>;
}
