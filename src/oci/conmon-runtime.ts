/**
 * The OCI runtime as Podman drives it: conmon is started for each container (it double-forks
 * and stays the container's parent), runs `<runtime> create`, reports the pid on a sync pipe,
 * writes the exit code to the exit dir and runs tspod's exit command when the container stops.
 */
import fs from "node:fs";
import path from "node:path";
import { sleep } from "../util/sleep.ts";
import { startThroughExecFifo } from "./exec-fifo-start.ts";
import { signalInitDirectly } from "./signal-init.ts";
import { closeFd, pipe } from "../util/libc.ts";
import { execCommand } from "../util/exec.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { AttachIo, AttachSession, CreateRequest, CreateResult, OciRuntime, ResourceUpdate } from "./oci-runtime.ts";
import { runtimeFailure } from "./runtime-error.ts";
import { openAttachSession } from "./attach-session.ts";

export interface ConmonRuntimeOptions {
  name: string;
  path: string;
  conmonPath: string;
  /** The runtime's state directory (`runc --root`). */
  stateDir: string;
  logLevel: string;
  /** Environment conmon and the runtime inherit. */
  env: Record<string, string | undefined>;
}

export class ConmonRuntime implements OciRuntime {
  readonly name: string;
  readonly path: string;

  constructor(private readonly opts: ConmonRuntimeOptions) {
    this.name = opts.name;
    this.path = opts.path;
  }

  private runtimeArgs(): string[] {
    return ["--root", this.opts.stateDir];
  }

  private conmonArgs(req: CreateRequest): string[] {
    const args = [
      "--api-version", "1",
      "-c", req.id,
      "-u", req.id,
      "-r", this.path,
      "-b", req.bundle,
      "-p", path.join(req.bundle, "pidfile"),
      "-n", req.name,
      "--exit-dir", req.exitDir,
      "--persist-dir", req.bundle,
      "--full-attach",
      ...logArgs(req),
      "--log-level", this.opts.logLevel === "warning" ? "warn" : this.opts.logLevel,
      "--conmon-pidfile", path.join(req.bundle, "conmon.pid"),
      "--socket-dir-path", req.socketDir,
      "--runtime-arg", "--log-format=json",
      "--runtime-arg", "--log",
      `--runtime-arg=${path.join(req.bundle, "oci-log")}`,
    ];
    for (const a of this.runtimeArgs()) args.push("--runtime-arg", a);
    // With a terminal, stdin flows through the pty (conmon's -i would close it when a client
    // detaches); without one, -i gives the container a stdin pipe (Podman does the same).
    // conmon 2.1.6 closes the terminal's input when an attached client goes away, which would
    // leave nothing to re-attach to after a detach: keep it open.
    if (req.terminal) args.push("-t", "--leave-stdin-open");
    else if (req.stdin) args.push("-i");
    if (req.timeout && req.timeout > 0) args.push("-T", String(req.timeout));
    if (req.exitCommand.length > 0) {
      args.push("--exit-command", req.exitCommand[0]!);
      for (const a of req.exitCommand.slice(1)) args.push("--exit-command-arg", a);
    }
    return args;
  }

  async create(req: CreateRequest, signal?: AbortSignal): Promise<CreateResult> {
    fs.mkdirSync(req.exitDir, { recursive: true });
    fs.mkdirSync(req.socketDir, { recursive: true });
    removeIfPresent(path.join(req.exitDir, req.id));
    const [syncRead, syncWrite] = pipe();
    let proc;
    try {
      proc = Bun.spawn([this.opts.conmonPath, ...this.conmonArgs(req)], {
        // passthrough: the container writes to (and reads from) this process's own stdio, like Podman
        stdio: req.logDriver === "passthrough" ? ["inherit", "inherit", "inherit", syncWrite] : ["ignore", "ignore", "ignore", syncWrite],
        env: { ...conmonEnv(this.opts.env), _OCI_SYNCPIPE: "3" },
      });
    } catch (err) {
      closeFd(syncRead);
      closeFd(syncWrite);
      throw new TspodError("runtime", `starting conmon ${this.opts.conmonPath}: ${(err as Error).message}`, err);
    }
    closeFd(syncWrite);
    const message = await readSyncMessage(syncRead, signal);
    await proc.exited;
    const conmonPid = Number(readFileOr(path.join(req.bundle, "conmon.pid"), "0"));
    if (!message || typeof message.data !== "number" || message.data < 0) {
      const detail = message?.message ?? this.readOciLog(req.bundle) ?? "conmon failed without a message";
      throw runtimeFailure(this.name, detail);
    }
    return { pid: message.data, conmonPid };
  }

  private readOciLog(bundle: string): string | undefined {
    const text = readFileOr(path.join(bundle, "oci-log"), "");
    const lines = text.trim().split("\n").filter(Boolean);
    for (const line of lines.reverse()) {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        if (entry.level === "error" && entry.msg) return entry.msg;
      } catch {
        return line;
      }
    }
    return undefined;
  }

  private async runtime(args: string[]): Promise<void> {
    const res = await execCommand([this.path, ...this.runtimeArgs(), ...args]);
    if (res.code !== 0) throw runtimeFailure(this.name, res.stderr || res.stdout || `${args[0]} failed`);
  }

  async start(id: string, pid: number): Promise<void> {
    if (this.name === "runc" && (await startThroughExecFifo(this.opts.stateDir, id, pid))) return;
    await this.runtime(["start", id]);
  }

  async kill(id: string, signal: string, all = false): Promise<void> {
    if (this.name === "runc" && signalInitDirectly(this.opts.stateDir, id, signal, all)) return;
    await this.runtime(all ? ["kill", "--all", id, signal] : ["kill", id, signal]);
  }

  async delete(id: string, force: boolean): Promise<void> {
    const res = await execCommand([this.path, ...this.runtimeArgs(), "delete", ...(force ? ["--force"] : []), id]);
    if (res.code !== 0 && !/does not exist|not found/.test(res.stderr)) throw runtimeFailure(this.name, res.stderr);
  }

  hasState(id: string): boolean {
    // runc and crun both keep one directory per container under their --root.
    return fs.existsSync(path.join(this.opts.stateDir, id));
  }

  attach(req: Pick<CreateRequest, "id" | "bundle" | "socketDir">, io: AttachIo): AttachSession {
    return openAttachSession(req.bundle, io);
  }

  readExitCode(exitDir: string, id: string): number | undefined {
    const text = readFileOr(path.join(exitDir, id), "");
    if (text.trim() === "") return undefined;
    const code = Number(text.trim());
    return Number.isInteger(code) ? code : undefined;
  }

  async waitExit(exitDir: string, id: string, signal?: AbortSignal): Promise<number> {
    let delay = 1;
    for (;;) {
      const code = this.readExitCode(exitDir, id);
      if (code !== undefined) return code;
      signal?.throwIfAborted();
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  pause(id: string): Promise<void> {
    return this.runtime(["pause", id]);
  }

  resume(id: string): Promise<void> {
    return this.runtime(["resume", id]);
  }

  async update(id: string, r: ResourceUpdate): Promise<void> {
    const args = ["update"];
    if (r.cpuQuota !== undefined) args.push("--cpu-quota", String(r.cpuQuota));
    if (r.cpuPeriod !== undefined) args.push("--cpu-period", String(r.cpuPeriod));
    if (r.cpuShares !== undefined) args.push("--cpu-share", String(r.cpuShares));
    if (r.memory !== undefined) args.push("--memory", String(r.memory));
    if (r.memorySwap !== undefined) args.push("--memory-swap", String(r.memorySwap));
    if (r.pidsLimit !== undefined) args.push("--pids-limit", String(r.pidsLimit));
    await this.runtime([...args, id]);
  }

  resize(bundle: string, rows: number, cols: number): void {
    let fd: number | undefined;
    try {
      // conmon reads "<type> <rows> <cols>" lines on its control fifo; type 1 is a resize.
      fd = fs.openSync(path.join(bundle, "ctl"), fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      fs.writeSync(fd, `1 ${rows} ${cols}\n`);
    } catch {
      // conmon is gone or the container has no terminal
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  async version(): Promise<string> {
    const res = await execCommand([this.path, "--version"]);
    return res.stdout.split("\n")[0] ?? "";
  }
}

function readFileOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

/** conmon inherits our environment minus variables that would confuse it (NOTIFY_SOCKET, LISTEN_*). */
function conmonEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && k !== "NOTIFY_SOCKET" && !k.startsWith("LISTEN_")) out[k] = v;
  }
  return out;
}

/**
 * Reads conmon's one-line JSON message from the sync pipe, through Bun's native file stream (a
 * Node stream would load the whole stream stack, a few ms, for one line). The pipe is reopened
 * through /proc so the descriptor Bun reads is non-blocking and ours to close.
 */
async function readSyncMessage(fd: number, signal?: AbortSignal): Promise<{ data?: number; message?: string } | undefined> {
  let own: number;
  try {
    own = fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } finally {
    closeFd(fd);
  }
  const reader = Bun.file(own).stream().getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let buf = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      signal?.throwIfAborted();
      if (done) break; // conmon closed the pipe
      buf += Buffer.from(value).toString("utf8");
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        buf = buf.slice(0, nl);
        break;
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await reader.cancel().catch(() => {});
    fs.closeSync(own);
  }
  if (!buf.trim()) return undefined;
  try {
    return JSON.parse(buf) as { data?: number; message?: string };
  } catch {
    return { data: -1, message: buf };
  }
}

/** conmon's log flags (Podman passes --log-tag only to journald): k8s-file (json-file is written as k8s-file, like Podman), none, passthrough. */
function logArgs(req: CreateRequest): string[] {
  const args: string[] = [];
  if (req.logDriver === "none" || req.logDriver === "passthrough") args.push("-l", req.logDriver);
  else args.push("-l", `k8s-file:${req.logPath}`);
  // conmon refuses --log-tag with k8s-file ("k8s-file doesn't support --log-tag"): the tag is only recorded.
  if (req.logSizeMax && req.logSizeMax > 0) args.push("--log-size-max", String(req.logSizeMax));
  return args;
}

/** unlink(2), ignoring a missing file (cheaper than rmSync's recursive machinery). */
function removeIfPresent(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
