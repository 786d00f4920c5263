/**
 * Secrets: metadata in a SQLite table, each value in its own file under `<root>/secrets/data/`
 * (directory 0700, files 0600, written atomically). Values never enter the state database,
 * container configs, logs or inspect output.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, immediate, type Database } from "../../util/sqlite.ts";
import { atomicWriteFile } from "../../util/atomic-write.ts";
import { TspodError } from "../../errors/tspod-error.ts";

export interface SecretRecord {
  id: string;
  name: string;
  driver: string;
  driverOptions: Record<string, string>;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS secrets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
);
`;

export class SecretDb {
  private readonly db: Database;
  readonly dataDir: string;

  constructor(root: string) {
    const dir = path.join(root, "secrets");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.dataDir = path.join(dir, "data");
    fs.mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, "secrets.db");
    this.db = openDatabase(file, SCHEMA);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }

  close(): void {
    this.db.close();
  }

  private dataFile(id: string): string {
    if (!/^[0-9a-f]+$/.test(id)) throw new TspodError("invalid_argument", `invalid secret id ${id}`);
    return path.join(this.dataDir, id);
  }

  /**
   * Stores a new secret. With `replace`, an existing secret of that name gets the new value and
   * keeps its id (containers refer to it by id); otherwise a taken name is an error.
   */
  add(rec: SecretRecord, data: Uint8Array, replace: boolean): SecretRecord {
    return immediate(this.db, () => {
      const row = this.db.query("SELECT record FROM secrets WHERE name = ?").get(rec.name) as { record: string } | null;
      if (row && !replace) throw new TspodError("secret_in_use", `${rec.name}`);
      const stored = row ? { ...(JSON.parse(row.record) as SecretRecord), updatedAt: rec.updatedAt, labels: rec.labels, driverOptions: rec.driverOptions } : rec;
      // The value first: a crash leaves an unreferenced file, never a record without a value.
      atomicWriteFile(this.dataFile(stored.id), data, 0o600);
      this.db.query("INSERT OR REPLACE INTO secrets (id, name, record) VALUES (?, ?, ?)").run(stored.id, stored.name, JSON.stringify(stored));
      return stored;
    });
  }

  /** Full id, name, or unique id prefix. */
  lookup(nameOrId: string): SecretRecord | undefined {
    const exact = this.db.query("SELECT record FROM secrets WHERE id = ? OR name = ?").get(nameOrId, nameOrId) as { record: string } | null;
    if (exact) return JSON.parse(exact.record) as SecretRecord;
    if (!/^[0-9a-f]+$/.test(nameOrId)) return undefined;
    const rows = this.db.query("SELECT record FROM secrets WHERE substr(id, 1, ?) = ? LIMIT 2").all(nameOrId.length, nameOrId) as { record: string }[];
    if (rows.length > 1) throw new TspodError("invalid_argument", `more than one result for secret ${nameOrId}`);
    return rows[0] ? (JSON.parse(rows[0].record) as SecretRecord) : undefined;
  }

  list(): SecretRecord[] {
    return (this.db.query("SELECT record FROM secrets ORDER BY name").all() as { record: string }[]).map((r) => JSON.parse(r.record) as SecretRecord);
  }

  data(id: string): Uint8Array {
    try {
      return fs.readFileSync(this.dataFile(id));
    } catch (err) {
      throw new TspodError("no_such_secret", `reading secret ${id}: ${(err as Error).message}`, err);
    }
  }

  remove(id: string): void {
    immediate(this.db, () => {
      this.db.query("DELETE FROM secrets WHERE id = ?").run(id);
    });
    fs.rmSync(this.dataFile(id), { force: true });
  }
}

export function noSuchSecret(nameOrId: string): TspodError {
  return new TspodError("no_such_secret", `no secret with name or id ${JSON.stringify(nameOrId)} found`);
}
