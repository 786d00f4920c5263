/**
 * The volume table: one SQLite database beside the state database (WAL, busy timeout,
 * BEGIN IMMEDIATE), so concurrent tspod processes agree on which volumes exist.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, immediate, type Database } from "../../util/sqlite.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import type { VolumeRecord } from "./volume-record.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS volumes (
  name TEXT PRIMARY KEY,
  record TEXT NOT NULL
);
`;

export class VolumeDb {
  private readonly db: Database;

  constructor(root: string) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.db = openDatabase(path.join(root, "tspod-volumes.db"), SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /** Adds a volume; false when the name is taken (the existing volume is left alone). */
  add(rec: VolumeRecord): boolean {
    return immediate(this.db, () => {
      const taken = this.db.query("SELECT name FROM volumes WHERE name = ?").get(rec.name);
      if (taken) return false;
      this.db.query("INSERT INTO volumes (name, record) VALUES (?, ?)").run(rec.name, JSON.stringify(rec));
      return true;
    });
  }

  get(name: string): VolumeRecord | undefined {
    const row = this.db.query("SELECT record FROM volumes WHERE name = ?").get(name) as { record: string } | null;
    return row ? (JSON.parse(row.record) as VolumeRecord) : undefined;
  }

  /** Exact name, else a unique name prefix (Podman looks volumes up the same way). */
  lookup(nameOrPrefix: string): VolumeRecord | undefined {
    const exact = this.get(nameOrPrefix);
    if (exact) return exact;
    const rows = this.db.query("SELECT record FROM volumes WHERE substr(name, 1, ?) = ? LIMIT 2").all(nameOrPrefix.length, nameOrPrefix) as { record: string }[];
    if (rows.length > 1) throw new TspodError("invalid_argument", `more than one result for volume name ${nameOrPrefix}`);
    return rows[0] ? (JSON.parse(rows[0].record) as VolumeRecord) : undefined;
  }

  list(): VolumeRecord[] {
    const rows = this.db.query("SELECT record FROM volumes ORDER BY name").all() as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as VolumeRecord);
  }

  save(rec: VolumeRecord): void {
    const res = this.db.query("UPDATE volumes SET record = ? WHERE name = ?").run(JSON.stringify(rec), rec.name);
    if (res.changes === 0) throw noSuchVolume(rec.name);
  }

  /** Adds `delta` to the volume's mount count (never below 0) in one transaction; returns the new count. */
  changeMountCount(name: string, delta: number): number {
    return immediate(this.db, () => {
      const rec = this.get(name);
      if (!rec) return 0;
      rec.mountCount = Math.max(0, rec.mountCount + delta);
      this.db.query("UPDATE volumes SET record = ? WHERE name = ?").run(JSON.stringify(rec), name);
      return rec.mountCount;
    });
  }

  remove(name: string): void {
    this.db.query("DELETE FROM volumes WHERE name = ?").run(name);
  }
}

export function noSuchVolume(name: string): TspodError {
  return new TspodError("no_such_volume", `no volume with name ${JSON.stringify(name)} found`);
}
