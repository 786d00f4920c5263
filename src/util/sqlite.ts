/** Opens a SQLite database the way every tspod store uses it: WAL, a busy timeout, foreign keys. */
import { Database } from "bun:sqlite";

export type { Database };

export function openDatabase(path: string): Database {
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA busy_timeout = 30000");
  // journal_mode=WAL is persistent; only switch when needed (it takes an exclusive lock).
  const mode = db.query("PRAGMA journal_mode").get() as { journal_mode: string };
  if (mode.journal_mode !== "wal") db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
export function immediate<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}
