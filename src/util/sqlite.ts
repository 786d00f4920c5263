/** Opens a SQLite database the way every tspod store uses it: WAL, a busy timeout, foreign keys. */
import fs from "node:fs";
import { Database, constants } from "bun:sqlite";
import { sleepSync } from "./sleep.ts";

export type { Database };

const BUSY_RETRY_MS = 30_000;

/**
 * tspod processes end without closing their connections (cli/main.ts), so that no process pays
 * SQLite's checkpoint-on-close (two fsyncs, 3–4 ms here). Committed pages stay in the WAL, which
 * SQLite replays when the next process opens the database, as after a crash (about 0.85 ms per MiB
 * here). A process that leaves the WAL larger than this checkpoints and truncates it first
 * (settleDatabases): with ~50 KiB written per `run -d`, that is one checkpoint every dozen starts,
 * and the replay stays under half a millisecond on average.
 */
const WAL_LIMIT_BYTES = 640 * 1024;

const opened: { db: Database; file: string }[] = [];

/** Whether this process opened a database (so that ending it without closing skips the checkpoint). */
export function databasesOpened(): boolean {
  return opened.length > 0;
}

/**
 * Before the process ends without closing: checkpoint and truncate each WAL that has grown past
 * WAL_LIMIT_BYTES. Without waiting: if another process is reading, a later one does it.
 */
export function settleDatabases(): void {
  for (const { db, file } of opened) {
    let size: number;
    try {
      size = fs.statSync(`${file}-wal`).size;
    } catch {
      continue;
    }
    if (size < WAL_LIMIT_BYTES) continue;
    try {
      db.exec("PRAGMA busy_timeout = 0");
      db.query("PRAGMA wal_checkpoint(TRUNCATE)").get();
    } catch {
      // closed already, or busy: the next process that ends does it
    }
  }
}

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
  opened.push({ db, file: path });
  return db;
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
export function immediate<T>(db: Database, fn: () => T): T {
  return withBusyRetry(() => db.transaction(fn).immediate());
}
