/** Podman-style leveled log lines on stderr (`--log-level`), with milliseconds since start at debug. */
import { writeStderr } from "./stdio.ts";

const ORDER = ["trace", "debug", "info", "warn", "error", "fatal", "panic"];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export function createLogger(level: string, start = performance.now()): Logger {
  const min = ORDER.indexOf(level === "warning" ? "warn" : level);
  const emit = (lvl: string, message: string) => {
    if (ORDER.indexOf(lvl) < min) return;
    const ms = (performance.now() - start).toFixed(1);
    writeStderr(`time="${new Date().toISOString()}" level=${lvl} msg=${JSON.stringify(message)} ms=${ms}\n`);
  };
  return {
    debug: (m) => emit("debug", m),
    info: (m) => emit("info", m),
    warn: (m) => emit("warn", m),
  };
}
