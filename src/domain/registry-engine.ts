/** What the CLI and the API ask of registries: credentials, search, and pushing images. */
import type { ProgressSink } from "./image-engine.ts";

export interface RegistryAccessOptions {
  /** `--authfile` (else REGISTRY_AUTH_FILE, else the default auth.json). */
  authfile?: string;
  tlsVerify?: boolean;
  certDir?: string;
  /** `--creds USER[:PASS]`. */
  creds?: string;
}

export interface LoginOptions extends RegistryAccessOptions {
  username?: string;
  password?: string;
}

export interface LoginReport {
  /** Lines to print, in order (Podman's "Login Succeeded!", "Authenticating with existing credentials…"). */
  messages: string[];
}

export interface LogoutOptions {
  authfile?: string;
  all: boolean;
}

export interface PushOptions extends RegistryAccessOptions {
  format?: "oci" | "v2s2";
  compressionFormat?: "gzip" | "zstd";
  /** Write the pushed manifest's digest to this file. */
  digestfile?: string;
  quiet: boolean;
}

export interface SearchOptions extends RegistryAccessOptions {
  limit?: number;
  listTags: boolean;
  filters: string[];
}

/** One row of `search` (Podman's JSON field names). */
export interface SearchResult {
  Index: string;
  Name: string;
  Description: string;
  Stars: number;
  Official: string;
  Automated: string;
  Tag: string;
}

export interface RegistryEngine {
  login(registry: string, opts: LoginOptions, signal?: AbortSignal): Promise<LoginReport>;
  /** The user name stored for `registry` (`login --get-login`). */
  getLogin(registry: string, authfile?: string): Promise<string>;
  /** Returns the message to print. */
  logout(registry: string | undefined, opts: LogoutOptions): Promise<string>;
  /** Pushes `source` to `destination` (default: the source's name); returns the manifest digest. */
  push(source: string, destination: string | undefined, opts: PushOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ digest: string }>;
  search(term: string, opts: SearchOptions, signal?: AbortSignal): Promise<SearchResult[]>;
}
