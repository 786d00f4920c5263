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
}

export interface CreateResult {
  pid: number;
  conmonPid: number;
}

export interface AttachIo {
  stdout: (data: Uint8Array) => void;
  stderr: (data: Uint8Array) => void;
}

export interface AttachSession {
  /** Resolves when conmon closes the stream (the container's output has ended). */
  readonly done: Promise<void>;
  close(): void;
}

export interface OciRuntime {
  readonly name: string;
  readonly path: string;
  create(req: CreateRequest, signal?: AbortSignal): Promise<CreateResult>;
  start(id: string): Promise<void>;
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
}
