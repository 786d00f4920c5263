/**
 * Input and output of the SpecGenerator (generate-spec.ts). Everything the generator needs is
 * passed in here — it reads no files, environment or clock — so the engine gathers host facts
 * (rlimits, /dev, rootfs /etc/passwd, the seccomp profile) and the generator stays pure.
 */
import type { OciDevice, OciMount, OciSpec } from "./oci-spec-types.ts";
import type { SpecUserNamespace } from "./spec-userns.ts";

/** The subset of an image's config (`config` in the OCI image config) that shapes the spec. */
export interface SpecImageConfig {
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
  Labels?: Record<string, string>;
}

export type SpecNetwork =
  /** New network namespace with loopback only (`--network none`). */
  | { mode: "none" }
  /** The host's network namespace: no network namespace in the spec. */
  | { mode: "host" }
  /** New network namespace, created by runc (the engine configures it afterwards). */
  | { mode: "private" }
  /** Join an existing namespace, e.g. `/run/netns/NAME` prepared with netavark. */
  | { mode: "path"; path: string };

/** Values from containers.conf (`[containers]`). */
export interface SpecDefaults {
  /** `default_capabilities`, with or without the `CAP_` prefix. */
  capabilities: string[];
  /** `default_ulimits`, e.g. `nofile=1024:1024`; used only when the user gave no `--ulimit`. */
  ulimits: string[];
  /** `env`, e.g. `PATH=…`, `TERM=xterm`. */
  env: string[];
  /** `pids_limit` (Podman: 2048); 0 or negative means no limit. */
  pidsLimit?: number;
  /** `shm_size` (Podman: `65536k`). */
  shmSize?: string;
  /** `default_sysctls`, e.g. `net.ipv4.ping_group_range=0 0`. */
  sysctls?: string[];
}

export interface SpecInput {
  /** Full 64-hex container id. */
  id: string;
  name: string;
  /** `--hostname`; default: the host's hostname with `--network host`, else the first 12 chars of id. */
  hostname?: string;
  /** The host's hostname (used as default hostname with `--network host`). */
  hostHostname?: string;
  imageConfig: SpecImageConfig;
  /** `--entrypoint`, already parsed; `[]` or `[""]` clears the image's; undefined keeps it. */
  entrypoint?: string[];
  /** Arguments after the image; empty means the image's Cmd (unless `entrypoint` was given). */
  command: string[];
  /** User `-e`/`--env-file` values, already resolved; they override image and default env. */
  env: Record<string, string>;
  workdir?: string;
  /** `-u`: "", "name", "uid", "uid:gid", "name:group"; undefined = image's User. */
  user?: string;
  /** `-t`: sets process.terminal. */
  tty: boolean;
  /** `-i`: not part of the spec (conmon keeps stdin open); accepted so callers pass one options object. */
  stdin: boolean;
  readOnly?: boolean;
  /** `--read-only-tmpfs` (default true): tmpfs on /tmp, /var/tmp, /run when `readOnly`. */
  readOnlyTmpfs?: boolean;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  network: SpecNetwork;
  rootfsPath: string;
  /** Bind mounts prepared by the engine (/etc/hosts, /etc/resolv.conf, /etc/hostname,
   * /run/.containerenv, volumes, a /dev/shm bind …). They replace defaults at the same destination. */
  extraMounts: OciMount[];
  cgroupsPath: string;
  /** User `--annotation` values; they override the generated ones. */
  annotations?: Record<string, string>;
  /** User `--ulimit` values, e.g. `nofile=1024:2048`, `core=-1`. */
  ulimits?: string[];
  /** User `--sysctl` values. */
  sysctls?: Record<string, string>;
  /** `--pids-limit`; overrides `defaults.pidsLimit`; 0 or -1 = unlimited. */
  pidsLimit?: number;
  /** `--shm-size`, e.g. `64m`; overrides `defaults.shmSize`. */
  shmSize?: string;
  /** `--stop-signal`; overrides the image's StopSignal (default SIGTERM). */
  stopSignal?: string;
  /** `--rm`, `--init`, `-P`: recorded in Podman's annotations only. */
  autoRemove?: boolean;
  init?: boolean;
  publishAll?: boolean;
  /** RFC 3339 creation time for the `io.kubernetes.cri-o.Created` annotation, if wanted. */
  created?: string;
  defaults: SpecDefaults;
  /** Host limits by rlimit name (`RLIMIT_NOFILE` …). Default ulimits are clamped to `hard`. */
  hostLimits: Record<string, { soft: number; hard: number }>;
  /** Parsed /usr/share/containers/seccomp.json (containers/common format); undefined = unconfined. */
  seccompProfile?: unknown;
  /** Host kernel release (`uname -r`) for the profile's `minKernel` conditions; undefined = satisfied. */
  kernelVersion?: string;
  /** `process.arch` (`x64`, `arm64` …). */
  arch: string;
  /** The caller's capability bounding set (`--privileged` and `--cap-add ALL` grant it); default: every known capability. */
  hostCapabilities?: string[];
  /** The host's devices, passed to the container with `--privileged`. */
  hostDevices?: OciDevice[];
  /** Contents of the rootfs /etc/passwd and /etc/group, if present. */
  passwd?: string;
  group?: string;
  /** `--group-add`: group names (looked up in `group`) or gids; `keep-groups` is ignored. */
  groupAdd?: string[];
  /** `--umask` (default 0022). */
  umask?: number;
  /** `--init`: host path of the init binary (catatonit), bind-mounted at /run/podman-init as PID 1. */
  initPath?: string;
  /** `--tmpfs PATH[:opts]`: destination → options (comma-separated, may be empty). */
  tmpfs?: Record<string, string>;
  /** `--tz`: host file bind-mounted read-only at /etc/localtime. */
  localtime?: string;
  /** Parsed `--security-opt` values (seccomp is resolved by the caller into `seccompProfile`). */
  security?: SpecSecurity;
  /** `--memory`, `--cpus`, … already converted to numbers. */
  resources?: SpecResources;
  /** `--device`, resolved against the host by the caller. */
  devices?: SpecDevice[];
  /** `--pid`, `--ipc`, `--uts`, `--cgroupns`. */
  namespaces?: SpecNamespaces;
  /** `--unsetenv` / `--unsetenv-all`. */
  unsetEnv?: string[];
  unsetEnvAll?: boolean;
  /** `--oom-score-adj`. */
  oomScoreAdj?: number;
  /** `--userns` / `--uidmap` / `--gidmap`: a user namespace (undefined: the host's). */
  userns?: SpecUserNamespace;
}

export interface SpecSecurity {
  noNewPrivileges?: boolean;
  /** Extra masked paths (`mask=/a:/b`). */
  mask?: string[];
  /** Paths taken out of the default masked/read-only ones (`unmask=ALL` or paths). */
  unmask?: string[];
}

export interface SpecResources {
  memory?: number;
  memoryReservation?: number;
  /** -1 = unlimited swap. */
  memorySwap?: number;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

export interface SpecDevice {
  /** Path inside the container. */
  path: string;
  type: "c" | "b";
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
  /** cgroup permissions: some of `rwm`. */
  access: string;
}

/** A namespace setting: a new one, the host's, one at a path, or another container's (path filled in at init). */
export type SpecNamespaceMode =
  | { mode: "private" }
  | { mode: "host" }
  | { mode: "path"; path: string }
  | { mode: "container"; id: string };

export interface SpecNamespaces {
  pid?: SpecNamespaceMode;
  ipc?: SpecNamespaceMode;
  uts?: SpecNamespaceMode;
  cgroup?: SpecNamespaceMode;
}

export interface SpecUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

export interface SpecOutput {
  spec: OciSpec;
  /** The resolved argv (entrypoint + command). */
  command: string[];
  user: SpecUser;
  /** The final environment, `KEY=value`. */
  env: string[];
}
