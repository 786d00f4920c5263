/**
 * Exec sessions: a new process in a running container through `<runtime> exec --process FILE`.
 * Foreground sessions wire the caller's stdio straight to the process (with `-t` the runtime
 * allocates the pseudo-terminal and proxies it); detached ones use `exec -d --pid-file`.
 * The runtime's own failures go to a JSON log file, which tells a command that could not be
 * started (127/126) from a process that exited 255.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { OciProcess } from "../spec/oci-spec-types.ts";

export interface RuntimeExecOptions {
  /** The runtime binary and its state dir (`--root`). */
  path: string;
  stateDir: string;
  env: Record<string, string | undefined>;
}

export interface ExecRequest {
  containerId: string;
  /** Directory for this session's files (process.json, runtime log, pid file). */
  sessionDir: string;
  process: OciProcess;
  detach: boolean;
  /** Keep stdin open (-i); otherwise the process reads /dev/null. */
  stdin: boolean;
  /** Extra fds passed to the process (--preserve-fds). */
  preserveFds: number;
  detachKeys?: string;
  /** Pipes instead of this process's stdio (API sessions); with a TTY the runtime proxies its pty. */
  io?: ExecPipes;
}

/** The streams of a piped exec session. */
export interface ExecPipes {
  stdout: (data: Uint8Array) => void;
  stderr: (data: Uint8Array) => void;
  stdin?: AsyncIterable<Uint8Array>;
}

export interface ExecStarted {
  /** The process pid (detached) or the runtime's pid (foreground, while it runs). */
  pid: number;
  /** Foreground only: resolves with the exit code once the process is gone. */
  exited?: Promise<number>;
}

/** Lines the runtime itself prints on stderr when it fails (it also logs them to the JSON log). */
const RUNTIME_NOISE = /^(exec failed: |time="[^"]*" level=(error|fatal|warning) msg=)/;

export class RuntimeExec {
  constructor(private readonly opts: RuntimeExecOptions) {}

  async start(req: ExecRequest, onStderr: (data: Uint8Array) => void): Promise<ExecStarted> {
    fs.mkdirSync(req.sessionDir, { recursive: true, mode: 0o700 });
    const processFile = path.join(req.sessionDir, "process.json");
    const logFile = path.join(req.sessionDir, "oci-log");
    const pidFile = path.join(req.sessionDir, "exec-pid");
    fs.writeFileSync(processFile, JSON.stringify(req.process));
    const argv = [this.opts.path, "--root", this.opts.stateDir, "--log", logFile, "--log-format", "json", "exec", "--process", processFile, "--pid-file", pidFile];
    if (req.detach) argv.push("--detach");
    if (req.preserveFds > 0) argv.push("--preserve-fds", String(req.preserveFds));
    argv.push(req.containerId);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.opts.env)) if (v !== undefined && k !== "NOTIFY_SOCKET") env[k] = v;
    const extra = Array.from({ length: req.preserveFds }, (_, i) => i + 3);
    const tty = req.process.terminal === true;
    const pipes = req.io && !req.detach ? req.io : undefined;
    // runc's foreground TTY mode needs a terminal on its own stdin: a piped TTY session gets one
    // from util-linux `script`, which runs runc on a fresh pty and relays it to the pipes
    const command = pipes && tty ? ["script", "-q", "-f", "-e", "-c", argv.map(shellQuote).join(" "), "/dev/null"] : argv;
    const proc = Bun.spawn(command, {
      stdio: pipes
        ? [pipes.stdin ? "pipe" : "ignore", "pipe", "pipe", ...extra]
        : [req.stdin || tty ? "inherit" : "ignore", req.detach ? "ignore" : "inherit", req.detach ? "ignore" : tty ? "inherit" : "pipe", ...extra],
      env,
    });
    const forwarding = Promise.all([
      proc.stderr instanceof ReadableStream ? forwardStderr(proc.stderr, pipes?.stderr ?? onStderr) : undefined,
      pipes && proc.stdout instanceof ReadableStream ? pumpOut(proc.stdout, pipes.stdout) : undefined,
    ]);
    if (pipes?.stdin && proc.stdin && typeof proc.stdin === "object") void pumpIn(pipes.stdin, proc.stdin);
    if (req.detach) {
      const code = await proc.exited;
      if (code !== 0) throw this.failure(logFile, code);
      return { pid: Number(readOr(pidFile, "0").trim()) };
    }
    const exited = (async () => {
      const code = await proc.exited;
      await forwarding;
      if (code === 255 || code === 1) {
        const err = runtimeLogError(logFile);
        if (err) throw classify(err);
      }
      return code;
    })();
    return { pid: proc.pid, exited };
  }

  private failure(logFile: string, code: number): TspodError {
    return classify(runtimeLogError(logFile) ?? `exec exited with ${code}`);
  }
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

async function pumpOut(stream: ReadableStream<Uint8Array>, out: (data: Uint8Array) => void): Promise<void> {
  for await (const chunk of stream) out(chunk);
}

async function pumpIn(input: AsyncIterable<Uint8Array>, sink: { write(c: Uint8Array): unknown; flush(): unknown; end(): unknown }): Promise<void> {
  try {
    for await (const chunk of input) {
      sink.write(chunk);
      await sink.flush();
    }
  } catch {
    // the process exited while we were writing
  }
  try {
    await sink.end();
  } catch {
    // already closed
  }
}

async function forwardStderr(stream: ReadableStream<Uint8Array>, onStderr: (data: Uint8Array) => void): Promise<void> {
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += dec.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    const kept = lines.filter((l) => !RUNTIME_NOISE.test(l));
    if (kept.length) onStderr(enc.encode(kept.map((l) => `${l}\n`).join("")));
    // A partial line (a prompt) is passed on at once unless it looks like the runtime's own.
    if (pending && !RUNTIME_NOISE.test(pending) && !/^(exec|time=)/.test(pending)) {
      onStderr(enc.encode(pending));
      pending = "";
    }
  }
  if (pending && !RUNTIME_NOISE.test(pending)) onStderr(enc.encode(pending));
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

/** The last error the runtime logged, if any. */
export function runtimeLogError(logFile: string): string | undefined {
  const lines = readOr(logFile, "").trim().split("\n").filter(Boolean).reverse();
  for (const line of lines) {
    try {
      const e = JSON.parse(line) as { level?: string; msg?: string };
      if ((e.level === "error" || e.level === "fatal") && e.msg) return e.msg;
    } catch {
      return line;
    }
  }
  return undefined;
}

/** Podman's exit codes: 127 for a command not found, 126 for one that cannot run, else 125. */
export function classify(msg: string): TspodError {
  const detail = msg.replace(/^exec failed: unable to start container process: /, "");
  if (/executable file not found|no such file or directory/i.test(detail)) return new TspodError("cmd_not_found", detail);
  if (/permission denied|is a directory/i.test(detail)) return new TspodError("cmd_permission", detail);
  return new TspodError("runtime", detail);
}
