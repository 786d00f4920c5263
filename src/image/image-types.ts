/** Image shapes shared by the image store, pull and their callers (OCI wire casing for OCI JSON). */

/** One image in the local store. */
export interface ImageRecord {
  /** Podman's image id: the config digest's hex (64 chars). */
  id: string;
  /** Full names, e.g. `127.0.0.1:5000/busybox:latest`, `docker.io/library/busybox:latest`. */
  names: string[];
  /** `name@sha256:…` forms the image was pulled by or recorded with. */
  digests: string[];
  /** Digest of the manifest the image was pulled with (`sha256:…`). */
  manifestDigest: string;
  /** Media type of that manifest. */
  manifestMediaType: string;
  /** Config blob digest (`sha256:<id>`). */
  configDigest: string;
  /** Uncompressed layer digests, base layer first. */
  diffIds: string[];
  /** Creation time from the image config (ISO 8601), or the pull time when absent. */
  created: string;
  /** Sum of uncompressed layer sizes in bytes. */
  size: number;
  /** When the record was added (ms since epoch). */
  pulledAt: number;
}

export interface OciPlatform {
  architecture: string;
  os: string;
  variant?: string;
  "os.version"?: string;
  "os.features"?: string[];
}

export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: OciPlatform;
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
  annotations?: Record<string, string>;
}

export interface OciIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: OciDescriptor[];
  annotations?: Record<string, string>;
}

export interface OciHistory {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The `config` section of an OCI image config (Docker's ContainerConfig subset). */
export interface OciContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
  [key: string]: unknown;
}

/** The OCI image config blob (application/vnd.oci.image.config.v1+json, or Docker's equivalent). */
export interface OciImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  "os.version"?: string;
  config?: OciContainerConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: OciHistory[];
  [key: string]: unknown;
}

export const MEDIA_TYPES = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerForeignLayerGzip: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
} as const;
