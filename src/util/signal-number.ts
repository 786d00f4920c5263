/**
 * Linux signal names and numbers (x86/arm layout), for `StopSignal` → the numeric value Podman
 * writes in the `org.opencontainers.image.stopSignal` annotation.
 */
import { TspodError } from "../errors/tspod-error.ts";

const SIGNALS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10,
  SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CLD: 17, CONT: 18,
  STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27,
  WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31, RTMIN: 34, RTMAX: 64,
};

/** `SIGQUIT`, `quit`, `3`, `RTMIN+2` → the signal number; throws on unknown names. */
export function signalNumber(signal: string): number {
  const s = signal.trim().toUpperCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= 64) return n;
  } else {
    const name = s.startsWith("SIG") ? s.slice(3) : s;
    const rt = name.match(/^RTM(IN|AX)([+-]\d+)$/);
    if (rt) {
      const n = (rt[1] === "IN" ? 34 : 64) + Number(rt[2]);
      if (n >= 34 && n <= 64) return n;
    } else if (name in SIGNALS) {
      return SIGNALS[name]!;
    }
  }
  throw new TspodError("invalid_argument", `invalid signal: ${signal}`);
}

/** 15 → "SIGTERM" (the first name of a number); unknown numbers stay numeric. */
export function signalName(n: number): string {
  if (n >= 34 && n < 64 && n !== 34) return `SIGRTMIN+${n - 34}`;
  const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n);
  return name ? `SIG${name}` : String(n);
}
