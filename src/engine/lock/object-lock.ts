/**
 * Cross-process per-object locks: an flock(2) on `<runroot>/locks/<key>.lock`. The lock is held
 * for one public operation (lock, reload state, act, save) and released even when it throws.
 */
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { flock, LOCK_EX, LOCK_NB, LOCK_UN, LibcError, EWOULDBLOCK } from "../../util/libc.ts";

export class ObjectLocks {
  private readonly dir: string;

  constructor(runroot: string) {
    this.dir = path.join(runroot, "locks");
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  async withLock<T>(key: string, fn: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    const fd = fs.openSync(path.join(this.dir, `${key}.lock`), "a", 0o600);
    try {
      await acquire(fd, signal);
      try {
        return await fn();
      } finally {
        flock(fd, LOCK_UN);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Removes the lock file of an object that no longer exists. */
  forget(key: string): void {
    fs.rmSync(path.join(this.dir, `${key}.lock`), { force: true });
  }
}

async function acquire(fd: number, signal?: AbortSignal): Promise<void> {
  let delay = 1;
  for (;;) {
    try {
      flock(fd, LOCK_EX | LOCK_NB);
      return;
    } catch (err) {
      if (!(err instanceof LibcError) || err.errno !== EWOULDBLOCK) throw err;
    }
    signal?.throwIfAborted();
    await sleep(delay);
    delay = Math.min(delay * 2, 25);
  }
}
