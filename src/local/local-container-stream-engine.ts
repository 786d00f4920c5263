/**
 * ContainerStreamEngine over the local engine, for the API service. State lives in this instance
 * (one per engine set, i.e. per service): attaches waiting for their container's start, and exec
 * sessions between create and inspect. Finished exec sessions are forgotten past a bound.
 */
import type { ContainerStreamEngine, ExecCreateOptions, ExecSessionInfo, StreamAttachOptions, StreamIo, WaitCondition } from "../domain/container-stream-engine.ts";
import { TspodError, exactError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { AttachIo, AttachSession } from "../oci/oci-runtime.ts";
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from "../oci/detach-keys.ts";
import { startContainer } from "../engine/container/container-start.ts";
import { waitContainer } from "../engine/container/container-wait.ts";
import { mustGet, mustLookup, syncExit } from "../engine/container/container-sync.ts";
import { execInContainer } from "../engine/container/container-exec.ts";
import { randomHexId } from "../util/random-id.ts";
import { sleep } from "../util/sleep.ts";

interface WaitingAttach {
  io: StreamIo;
  opts: StreamAttachOptions;
  /** Set by start: the session this attach follows. */
  begin: (session: AttachSession | undefined) => void;
  fail: (err: unknown) => void;
}

interface ExecSession extends ExecSessionInfo {
  opts: ExecCreateOptions;
  started: boolean;
  finishedAt?: number;
}

/** How often an attach waiting for its container's start checks whether another process started it. */
const WAITING_POLL_MS = 250;

/** Finished exec sessions kept for inspect. */
const MAX_FINISHED_EXECS = 256;

export class LocalContainerStreamEngine implements ContainerStreamEngine {
  private readonly waiting = new Map<string, WaitingAttach[]>();
  private readonly execs = new Map<string, ExecSession>();
  /** Terminal sizes sent before the container started (Podman's client resizes, then starts). */
  private readonly pendingSizes = new Map<string, { rows: number; cols: number }>();

  constructor(private readonly rt: Runtime) {}

  async attach(nameOrId: string, io: StreamIo, opts: StreamAttachOptions, signal: AbortSignal): Promise<{ detached: boolean }> {
    const id = mustLookup(this.rt, nameOrId);
    const rec = mustGet(this.rt, id);
    syncExit(this.rt, rec);
    let session: AttachSession | undefined;
    if (rec.state.status === "running") {
      session = this.rt.oci.attach({ id, bundle: this.rt.bundleDir(id), socketDir: this.rt.socketDir }, this.attachIo(io, opts, rec.config.interactive));
    } else if (rec.state.status === "paused") {
      throw new TspodError("ctr_state_invalid", `container ${id} is paused`);
    } else {
      session = await new Promise<AttachSession | undefined>((begin, fail) => {
        const entry: WaitingAttach = { io, opts, begin, fail };
        const list = this.waiting.get(id) ?? [];
        list.push(entry);
        this.waiting.set(id, list);
        const leave = () => {
          clearInterval(poll);
          const l = this.waiting.get(id)?.filter((e) => e !== entry) ?? [];
          if (l.length) this.waiting.set(id, l);
          else {
            this.waiting.delete(id);
            this.pendingSizes.delete(id);
          }
        };
        // another tspod process may start (or remove) the container: then join it as it runs
        const poll = setInterval(() => {
          if (!this.waiting.get(id)?.includes(entry)) return clearInterval(poll);
          const now = this.rt.state.getContainer(id);
          if (now) syncExit(this.rt, now);
          if (now?.state.status === "running") {
            leave();
            begin(this.rt.oci.attach({ id, bundle: this.rt.bundleDir(id), socketDir: this.rt.socketDir }, this.attachIo(io, opts, now.config.interactive)));
          } else if (!now) {
            leave();
            begin(undefined);
          }
        }, WAITING_POLL_MS);
        signal.addEventListener("abort", () => {
          leave();
          begin(undefined);
        }, { once: true });
      });
    }
    if (!session) return { detached: false };
    const onAbort = () => session.close();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      await session.done;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    return { detached: session.detached };
  }

  private attachIo(io: StreamIo, opts: StreamAttachOptions, interactive: boolean): AttachIo {
    const a: AttachIo = { stdout: io.stdout, stderr: io.stderr };
    if (opts.stdin && interactive && io.stdin) {
      a.stdin = io.stdin;
      a.detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    }
    return a;
  }

  async start(nameOrId: string): Promise<boolean> {
    const id = mustLookup(this.rt, nameOrId);
    const rec = mustGet(this.rt, id);
    syncExit(this.rt, rec);
    if (rec.state.status === "running") return false;
    const waiting = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    const size = this.pendingSizes.get(id);
    this.pendingSizes.delete(id);
    const sizeTerminal = (bundle: string) => {
      if (size && rec.config.tty) this.rt.oci.resize(bundle, size.rows, size.cols);
    };
    if (waiting.length === 0) {
      await startContainer(this.rt, id);
      return true;
    }
    // one conmon attach connection, fanned out; stdin from the first attach that asked for it
    const withStdin = waiting.find((w) => w.opts.stdin && w.io.stdin);
    const io: StreamIo = {
      stdout: (d) => waiting.forEach((w) => w.io.stdout(d)),
      stderr: (d) => waiting.forEach((w) => w.io.stderr(d)),
      stdin: withStdin?.io.stdin,
    };
    try {
      const session = await startContainer(this.rt, id, this.attachIo(io, withStdin?.opts ?? { stdin: false }, rec.config.interactive), sizeTerminal);
      for (const w of waiting) w.begin(session);
    } catch (err) {
      for (const w of waiting) w.fail(err);
      throw err;
    }
    return true;
  }

  async resize(nameOrId: string, rows: number, cols: number): Promise<void> {
    const id = mustLookup(this.rt, nameOrId);
    const rec = mustGet(this.rt, id);
    syncExit(this.rt, rec);
    if (rec.state.status !== "running") {
      // a client that attached first sizes the terminal before it starts the container
      if (this.waiting.has(id)) {
        this.pendingSizes.set(id, { rows, cols });
        return;
      }
      throw new TspodError("ctr_state_invalid", `cannot resize container ${id}: it is not running`);
    }
    if (rec.config.tty) this.rt.oci.resize(this.rt.bundleDir(id), rows, cols);
  }

  async wait(nameOrId: string, condition: WaitCondition, signal: AbortSignal): Promise<number> {
    const id = mustLookup(this.rt, nameOrId);
    if (condition === "not-running") {
      const rec = mustGet(this.rt, id);
      syncExit(this.rt, rec);
      if (rec.state.status !== "running" && rec.state.status !== "paused" && rec.state.status !== "created") return rec.state.exitCode;
    }
    const code = await waitContainer(this.rt, id, signal);
    if (condition === "removed") {
      // --rm: conmon's cleanup removes it; Docker answers once it is gone
      while (this.rt.state.getContainer(id)) {
        signal.throwIfAborted();
        await sleep(50);
      }
    }
    return code;
  }

  async execCreate(nameOrId: string, opts: ExecCreateOptions): Promise<string> {
    const id = mustLookup(this.rt, nameOrId);
    const rec = mustGet(this.rt, id);
    syncExit(this.rt, rec);
    if (rec.state.status !== "running") throw exactError("ctr_state_invalid", `container ${rec.config.name} is not running: can only create exec sessions on running containers: container state improper`);
    if (opts.command.length === 0) throw new TspodError("invalid_argument", "must provide a non-empty command to start an exec session");
    const sessionId = randomHexId();
    this.execs.set(sessionId, {
      id: sessionId,
      containerId: id,
      running: false,
      exitCode: null,
      pid: 0,
      command: opts.command,
      tty: opts.tty,
      openStdin: opts.interactive,
      user: opts.user ?? "",
      workdir: opts.workdir ?? "",
      privileged: opts.privileged,
      opts,
      started: false,
    });
    this.forgetFinished();
    return sessionId;
  }

  async execStart(sessionId: string, io: StreamIo | undefined, signal: AbortSignal): Promise<void> {
    const s = this.session(sessionId);
    if (s.started) throw exactError("ctr_state_invalid", `exec session ${sessionId} has already been started`);
    s.started = true;
    s.running = true;
    const detach = io === undefined;
    if (detach) return this.startDetached(s);
    try {
      const result = await execInContainer(
        this.rt,
        s.containerId,
        { ...s.opts, detach, interactive: s.opts.interactive && io?.stdin !== undefined, preserveFds: 0 },
        io?.stderr ?? (() => {}),
        { sessionId, io: io && { stdout: io.stdout, stderr: io.stderr, stdin: s.opts.interactive ? io.stdin : undefined }, onPid: (pid) => (s.pid = pid) },
      );
      s.exitCode = result.exitCode ?? null;
    } catch (err) {
      s.exitCode = err instanceof TspodError ? err.exitCode : 125;
      throw err;
    } finally {
      s.running = false;
      s.finishedAt = Date.now();
    }
  }

  /**
   * A detached session (Detach: true): the runtime's exec runs in the foreground as this
   * service's child, its output discarded, so the session gets the process's real exit code (as
   * Podman's conmon records it). Returns once the process runs; start errors are thrown.
   */
  private async startDetached(s: ExecSession): Promise<void> {
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const discard = { stdout: () => {}, stderr: () => {} };
    const done = execInContainer(this.rt, s.containerId, { ...s.opts, detach: false, interactive: false, preserveFds: 0 }, () => {}, {
      sessionId: s.id,
      io: discard,
      onPid: (pid) => {
        s.pid = pid;
        running();
      },
    });
    void done
      .then(
        (r) => (s.exitCode = r.exitCode ?? null),
        (err: unknown) => (s.exitCode = err instanceof TspodError ? err.exitCode : 125),
      )
      .finally(() => {
        s.running = false;
        s.finishedAt = Date.now();
      });
    await Promise.race([started, done]);
  }

  async execInspect(sessionId: string): Promise<ExecSessionInfo> {
    const { opts: _o, started: _s, finishedAt: _f, ...info } = this.session(sessionId);
    return info;
  }

  private session(sessionId: string): ExecSession {
    const s = this.execs.get(sessionId);
    if (!s) throw exactError("no_such_object", `no such exec instance ${sessionId}: no such exec session`);
    return s;
  }

  private forgetFinished(): void {
    const finished = [...this.execs.values()].filter((s) => s.finishedAt !== undefined).sort((a, b) => a.finishedAt! - b.finishedAt!);
    for (const s of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_EXECS))) this.execs.delete(s.id);
  }
}
