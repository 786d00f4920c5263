/** Opens a SQLite database the way every tspod store uses it: WAL, a busy timeout, foreign keys. */
import { Database } from "bun:sqlite";

export type { Database };

const BUSY_RETRY_MS = 30_000;

function isBusy(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(`${err.message} ${(err as { code?: string }).code ?? ""}`);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs a statement that SQLite may refuse with SQLITE_BUSY without calling the busy handler
 * (switching a new database to WAL while another process does the same), retrying briefly.
 */
function withBusyRetry<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_RETRY_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      sleepSync(delay);
    }
  }
}

/**
 * A database's tables. `sql` must be idempotent (CREATE … IF NOT EXISTS); it runs, in a write
 * transaction, only while the file's user_version is below `version` — not on every open, which
 * would take the write lock in every tspod process. Bump `version` when `sql` changes.
 */
export interface Schema {
  version: number;
  sql: string;
}

function applySchema(db: Database, schema: Schema): void {
  const current = () => (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current() >= schema.version) return;
  immediate(db, () => {
    if (current() >= schema.version) return;
    db.exec(schema.sql);
    db.exec(`PRAGMA user_version = ${Math.trunc(schema.version)}`);
  });
}

export function openDatabase(path: string, schema?: Schema): Database {
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA busy_timeout = 30000");
  // journal_mode=WAL is persistent; only switch when needed (it takes an exclusive lock).
  withBusyRetry(() => {
    const mode = db.query("PRAGMA journal_mode").get() as { journal_mode: string };
    if (mode.journal_mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
  });
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  if (schema) applySchema(db, schema);
  return db;
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
export function immediate<T>(db: Database, fn: () => T): T {
  return withBusyRetry(() => db.transaction(fn).immediate());
}
