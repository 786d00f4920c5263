/** A container's file system: diff, cp, mount/unmount, export, commit. */

export interface ChangeEntry {
  Path: string;
  /** 0 modified ("C"), 1 added ("A"), 2 deleted ("D") — Podman's archive.ChangeType */
  Kind: 0 | 1 | 2;
}

export interface CopyEndpoint {
  /** container name or id; undefined for the host */
  container?: string;
  path: string;
}

/** The tar streams of `cp -` (stdin/stdout), or of the API's archive routes. */
export interface CopyIo {
  readStdin(): Promise<Uint8Array>;
  /** When set, the tar is read from here as it arrives instead of through readStdin. */
  stdinStream?: AsyncIterable<Uint8Array>;
  writeStdout(data: Uint8Array): void;
}

export interface CopyOptions {
  /** -a: keep uid/gid of the source (otherwise files become the destination's owner, root here) */
  archive: boolean;
  overwrite: boolean;
}

export interface CommitOptions {
  /** target image name ("" for none) */
  image: string;
  author?: string;
  message?: string;
  changes: string[];
  pause: boolean;
  squash: boolean;
  format: "oci" | "docker";
  includeVolumes: boolean;
}

export interface MountReport {
  id: string;
  name: string;
  path: string;
}

/** A path in a container, as Docker's X-Docker-Container-Path-Stat header reports it. */
export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode: permission bits plus type bits (directory 1<<31, symlink 1<<27). */
  mode: number;
  mtime: string;
  linkTarget: string;
}

export interface ContainerFsEngine {
  diff(nameOrId: string): Promise<ChangeEntry[]>;
  /** host→container, container→host, container→container; stdin/stdout tar streams via the byte functions */
  copy(src: CopyEndpoint, dst: CopyEndpoint, opts: CopyOptions, io: CopyIo): Promise<void>;
  mount(nameOrIds: string[]): Promise<MountReport[]>;
  /** The mounted containers (`mount` without arguments). */
  listMounted(): Promise<MountReport[]>;
  unmount(nameOrIds: string[], opts: { all: boolean; force: boolean }): Promise<string[]>;
  /** The container's root file system as a tar stream. */
  exportTar(nameOrId: string, write: (data: Uint8Array) => void): Promise<void>;
  commit(nameOrId: string, opts: CommitOptions): Promise<{ id: string }>;
  /** lstat of a path inside the container (resolved in its root; symlinks never leave it). */
  statPath(nameOrId: string, p: string): Promise<PathStat>;
}
