/** Cross-process exclusive locks on files (flock), polled so the event loop never blocks. */
import fs from "node:fs";
import { flock, LOCK_EX, LOCK_NB, LOCK_UN, EWOULDBLOCK, LibcError } from "./libc.ts";

/** Takes an exclusive flock without blocking the event loop (polls with LOCK_NB). */
export async function lockFile(file: string, signal?: AbortSignal): Promise<() => void> {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    for (let delay = 1; ; delay = Math.min(delay * 2, 8)) {
      try {
        flock(fd, LOCK_EX | LOCK_NB);
        break;
      } catch (err) {
        if (!(err instanceof LibcError) || err.errno !== EWOULDBLOCK) throw err;
      }
      signal?.throwIfAborted();
      await Bun.sleep(delay);
    }
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return () => {
    try {
      flock(fd, LOCK_UN);
    } finally {
      fs.closeSync(fd);
    }
  };
}

/**
 * Takes an exclusive flock, blocking the thread until it is free: only for short critical
 * sections in synchronous code (never while this process holds the same lock).
 */
export function lockFileSync(file: string): () => void {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    flock(fd, LOCK_EX);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return () => {
    try {
      flock(fd, LOCK_UN);
    } finally {
      fs.closeSync(fd);
    }
  };
}
