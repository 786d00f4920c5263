/** Opens a SQLite database the way every tspod store uses it: WAL, a busy timeout, foreign keys. */
import { Database, constants } from "bun:sqlite";
import { sleepSync } from "./sleep.ts";

export type { Database };

const BUSY_RETRY_MS = 30_000;

function isBusy(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(`${err.message} ${(err as { code?: string }).code ?? ""}`);
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
 * Applies a database's tables. `schemaSql` must be idempotent (CREATE … IF NOT EXISTS). It runs, in
 * a write transaction, only when the file's user_version differs from the SQL's hash — not on
 * every open, which would take the write lock in every tspod process — so any change to the SQL
 * is applied on the next open.
 */
function applySchema(db: Database, schemaSql: string): void {
  const version = schemaHash(schemaSql);
  const current = () => (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current() === version) return;
  immediate(db, () => {
    if (current() === version) return;
    db.exec(schemaSql);
    db.exec(`PRAGMA user_version = ${version}`);
  });
}

/** FNV-1a of the SQL as a non-zero signed 32-bit integer (user_version's type). */
export function schemaHash(sql: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < sql.length; i++) {
    h ^= sql.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0 || 1;
}

export function openDatabase(path: string, schemaSql?: string): Database {
  const db = new Database(path, { create: true, strict: true });
  // Keep the -wal and -shm files when the last connection closes: every tspod process is short
  // and would otherwise delete them on exit and create them again (fsyncing the WAL and its
  // directory) on its first write. The checkpoint at close still runs, so the WAL stays small.
  db.fileControl(constants.SQLITE_FCNTL_PERSIST_WAL, 1);
  db.exec("PRAGMA busy_timeout = 30000");
  // journal_mode=WAL is persistent; only switch when needed (it takes an exclusive lock).
  withBusyRetry(() => {
    const mode = db.query("PRAGMA journal_mode").get() as { journal_mode: string };
    if (mode.journal_mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
  });
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  if (schemaSql) applySchema(db, schemaSql);
  return db;
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
export function immediate<T>(db: Database, fn: () => T): T {
  return withBusyRetry(() => db.transaction(fn).immediate());
}
