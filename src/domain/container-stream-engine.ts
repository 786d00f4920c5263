/**
 * Streams for API clients (Docker's attach-before-start, exec sessions with pipes, resizes), apart
 * from the CLI-shaped attach in ContainerLifecycleEngine: an API service holds many at once.
 */

/** Where a stream's output goes and its input comes from (not a terminal of this process). */
export interface StreamIo {
  stdout: (data: Uint8Array) => void;
  stderr: (data: Uint8Array) => void;
  stdin?: AsyncIterable<Uint8Array>;
}

export interface StreamAttachOptions {
  /** Forward `io.stdin` (the container must have been created with OpenStdin). */
  stdin: boolean;
  /** Docker's `detachKeys` (default ctrl-p,ctrl-q; "" disables). */
  detachKeys?: string;
}

export interface ExecCreateOptions {
  command: string[];
  tty: boolean;
  /** Keep the process's stdin open for the client (AttachStdin). */
  interactive: boolean;
  env: string[];
  user?: string;
  workdir?: string;
  privileged: boolean;
}

/** Docker's exec inspect fields (its casing is built by the API from this). */
export interface ExecSessionInfo {
  id: string;
  containerId: string;
  running: boolean;
  exitCode: number | null;
  pid: number;
  command: string[];
  tty: boolean;
  openStdin: boolean;
  user: string;
  workdir: string;
  privileged: boolean;
}

/** Docker's wait conditions. */
export type WaitCondition = "not-running" | "next-exit" | "removed";

export interface ContainerStreamEngine {
  /**
   * Attaches to a running container; to a created one, waits for `start` and attaches as it
   * starts, so no output is missed. Resolves when the output ends or `signal` aborts.
   */
  attach(nameOrId: string, io: StreamIo, opts: StreamAttachOptions, signal: AbortSignal): Promise<{ detached: boolean }>;
  /** Starts a container, handing it to attaches that wait for it. False: it was running already. */
  start(nameOrId: string, detachKeys?: string): Promise<boolean>;
  /** The terminal size of a container with a TTY. */
  resize(nameOrId: string, rows: number, cols: number): Promise<void>;
  wait(nameOrId: string, condition: WaitCondition, signal: AbortSignal): Promise<number>;
  execCreate(nameOrId: string, opts: ExecCreateOptions): Promise<string>;
  /**
   * Runs the session's process; resolves when it exits (at once without `io`: detached). When
   * `signal` aborts (the client went away) the process keeps running, as with Docker; its stdin
   * ends with the client's connection.
   */
  execStart(sessionId: string, io: StreamIo | undefined, signal: AbortSignal): Promise<void>;
  execInspect(sessionId: string): Promise<ExecSessionInfo>;
}
