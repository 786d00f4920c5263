/** What the engine asks of an OCI runtime driven through conmon. */

export interface CreateRequest {
  id: string;
  name: string;
  /** Holds config.json; conmon puts its pidfile, attach socket and ctl fifo here. */
  bundle: string;
  exitDir: string;
  /** Directory for conmon's short socket symlinks (unix socket paths are limited to 108 bytes). */
  socketDir: string;
  logDriver: string;
  logPath: string;
  /** `--log-opt tag=…` (conmon's --log-tag). */
  logTag?: string;
  /** `--log-opt max-size=…` in bytes (conmon's --log-size-max); 0 or undefined = no limit. */
  logSizeMax?: number;
  /** The full exit command argv conmon runs after the container exits. */
  exitCommand: string[];
  terminal: boolean;
  stdin: boolean;
  /** `--timeout`: conmon kills the container after this many seconds (0 or absent: never). */
  timeout?: number;
  /** Open fds conmon inherits and holds for the container's life (reserved host ports). */
  extraFds?: number[];
}

export interface CreateResult {
  pid: number;
  conmonPid: number;
}

export interface AttachIo {
  stdout: (data: Uint8Array) => void;
  stderr: (data: Uint8Array) => void;
  /** Input for the container's stdin; at its end the session tells conmon to close stdin. */
  stdin?: AsyncIterable<Uint8Array>;
  /** Parsed `--detach-keys` (see detach-keys.ts); typing them ends the session, not the container. */
  detachKeys?: Uint8Array;
}

export interface AttachSession {
  /** Resolves when conmon closes the stream (the container's output has ended) or on detach. */
  readonly done: Promise<void>;
  /** True once the user typed the detach keys. */
  readonly detached: boolean;
  close(): void;
}

/** Resource changes `runc update` applies to a running container (values as in the OCI spec). */
export interface ResourceUpdate {
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuShares?: number;
  memory?: number;
  memorySwap?: number;
  pidsLimit?: number;
}

export interface OciRuntime {
  readonly name: string;
  readonly path: string;
  create(req: CreateRequest, signal?: AbortSignal): Promise<CreateResult>;
  /** Starts a created container; `pid` is its init process (from create). */
  start(id: string, pid: number): Promise<void>;
  kill(id: string, signal: string, all?: boolean): Promise<void>;
  delete(id: string, force: boolean): Promise<void>;
  /** Whether the runtime still holds state for this container (e.g. after a crash mid-start). */
  hasState(id: string): boolean;
  /** Connects to the container's attach socket; call between create and start to miss nothing. */
  attach(req: Pick<CreateRequest, "id" | "bundle" | "socketDir">, io: AttachIo): AttachSession;
  /** The exit code conmon recorded, or undefined while the container runs. */
  readExitCode(exitDir: string, id: string): number | undefined;
  /** Waits until conmon records the exit code. */
  waitExit(exitDir: string, id: string, signal?: AbortSignal): Promise<number>;
  version(): Promise<string>;
  /** Freezes every process of the container (cgroup freezer). */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  update(id: string, resources: ResourceUpdate): Promise<void>;
  /** Tells conmon the terminal's new size (the `ctl` fifo in the bundle); no-op without a TTY. */
  resize(bundle: string, rows: number, cols: number): void;
}
