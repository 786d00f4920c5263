/**
 * Cross-process per-object locks: an flock(2) on `<runroot>/locks/<key>.lock`. The lock is held
 * for one public operation (lock, reload state, act, save) and released even when it throws.
 */
import fs from "node:fs";
import path from "node:path";
import { lockFile, lockFileSync } from "../../util/file-lock.ts";

export class ObjectLocks {
  private readonly dir: string;

  constructor(runroot: string) {
    this.dir = path.join(runroot, "locks");
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  async withLock<T>(key: string, fn: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    const release = await lockFile(path.join(this.dir, `${key}.lock`), signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** withLock for short synchronous sections (blocks the thread; never nest with the same key). */
  withLockSync<T>(key: string, fn: () => T): T {
    const release = lockFileSync(path.join(this.dir, `${key}.lock`));
    try {
      return fn();
    } finally {
      release();
    }
  }

  /** Removes the lock file of an object that no longer exists (its holders find it gone on reload). */
  forget(key: string): void {
    fs.rmSync(path.join(this.dir, `${key}.lock`), { force: true });
  }
}
