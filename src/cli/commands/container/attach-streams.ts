/**
 * The local end of an attached container (run, start -a, attach): our stdout/stderr, stdin
 * (raw mode when the container has a TTY and stdin is a terminal), the terminal size and its
 * changes, and `--sig-proxy` (signals to tspod go to the container).
 */
import { isTerminal } from "../../../util/is-terminal.ts";
import type { CliContext } from "../../cli-context.ts";
import type { AttachStreams } from "../../../domain/container-engine.ts";
import type { Engines } from "../../../domain/engines.ts";
import { usageError } from "./container-targets.ts";
import { makeRaw } from "../../../util/terminal-mode.ts";

const PROXIED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"] as const;

export interface LocalStreamsOptions {
  /** forward our stdin */
  stdin: boolean;
  /** the container has a TTY: put a terminal stdin into raw mode and follow its size */
  tty: boolean;
  sigProxy: boolean;
  detachKeys?: string;
  /** `run --attach`: which of stdin/stdout/stderr to attach (empty: all) */
  attach?: string[];
}

export interface LocalStreams {
  io: AttachStreams;
  /** Restores the terminal (leave raw mode); call before returning. */
  restore(): void;
}

export function parseAttachList(values: string[]): string[] {
  const out = values.flatMap((v) => v.split(",")).map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const v of out) {
    if (v !== "stdin" && v !== "stdout" && v !== "stderr") throw usageError(`invalid stream "${v}" for --attach - must be one of stdin, stdout, or stderr: invalid argument`);
  }
  return out;
}

export function localStreams(ctx: CliContext, engines: Engines, o: LocalStreamsOptions): LocalStreams {
  const wants = (s: string) => !o.attach || o.attach.length === 0 || o.attach.includes(s);
  const io: AttachStreams = {
    stdout: wants("stdout") ? (d) => ctx.out(d) : () => undefined,
    stderr: wants("stderr") ? (d) => ctx.err(d) : () => undefined,
    detachKeys: o.detachKeys,
  };
  let leaveRaw: (() => void) | undefined;
  if (o.stdin && wants("stdin")) {
    if (o.tty && isTerminal(0)) leaveRaw = makeRaw(0);
    io.stdin = process.stdin as AsyncIterable<Uint8Array>;
  }
  if (o.tty && isTerminal(1)) {
    io.terminalSize = () => {
      const [cols, rows] = process.stdout.getWindowSize?.() ?? [process.stdout.columns, process.stdout.rows];
      return cols && rows ? { rows, cols } : undefined;
    };
    io.onResize = (cb) => {
      process.on("SIGWINCH", cb);
    };
  }
  // With a TTY the terminal itself delivers ^C and friends to the container.
  if (o.sigProxy && !o.tty) {
    io.onStarted = (id) => {
      for (const sig of PROXIED_SIGNALS) {
        process.on(sig, () => void engines.containers.kill(id, sig).catch(() => undefined));
      }
    };
  }
  return {
    io,
    restore: () => {
      leaveRaw?.();
      if (io.stdin) process.stdin.pause();
    },
  };
}
