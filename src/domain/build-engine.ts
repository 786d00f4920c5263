/** What the CLI and the API ask of image builds (`build`, `image build`). */

export interface BuildOptions {
  /** Build context as given: a directory, a tarball or an http(s) URL. */
  context: string;
  /** `-f` path, or the text read from stdin (`-f -`); undefined: Containerfile, then Dockerfile. */
  containerfile?: { path: string } | { text: string };
  /** The `containerfile` path is inside the context (the API's `dockerfile`): it may not leave it. */
  containerfileInContext?: boolean;
  /** Further `-f` files: their contents follow the first one's (Buildah concatenates them). */
  moreContainerfiles?: string[];
  tags: string[];
  buildArgs: Record<string, string>;
  /** `--build-arg NAME` without a value: taken from the environment when set there. */
  buildArgsFromEnv: string[];
  target?: string;
  noCache: boolean;
  /** undefined: BUILDAH_LAYERS from the environment, else true. */
  layers?: boolean;
  pull: "always" | "missing" | "never" | "newer";
  squash: boolean;
  squashAll: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** undefined: BUILDAH_FORMAT from the environment, else oci. */
  format?: "oci" | "docker";
  quiet: boolean;
  network?: string;
  /** `--secret id=ID,src=PATH`: id → host file. */
  secrets: Record<string, string>;
  /** `--volume HOST:CTR[:opts]` for RUN. */
  volumes: string[];
  ignorefile?: string;
  /** `--timestamp`: seconds since the epoch for created times. */
  timestamp?: number;
  output?: { type: "local" | "tar"; dest: string };
  env: string[];
  unsetenv: string[];
  platform?: { os?: string; arch?: string; variant?: string };
  tlsVerify?: boolean;
  /** Registry access for pulls (FROM, COPY --from=IMAGE): `--creds`, `--authfile`, `--cert-dir`. */
  creds?: string;
  authfile?: string;
  certDir?: string;
}

export interface BuildIo {
  /** Progress lines and RUN output meant for stdout. */
  stdout(data: string | Uint8Array): void;
  /** RUN stderr and warnings. */
  stderr(data: string | Uint8Array): void;
}

export interface BuildEngine {
  /** Builds and returns the final image id. */
  build(opts: BuildOptions, io: BuildIo, signal?: AbortSignal): Promise<{ id: string }>;
}
