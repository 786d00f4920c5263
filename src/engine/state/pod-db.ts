/**
 * Pods in the state database (the same SQLite file as containers, its own connection): one row
 * per pod. Pod and container names share one namespace, as in Podman.
 */
import path from "node:path";
import { openDatabase, immediate, type Database } from "../../util/sqlite.ts";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import type { PodConfig } from "../pod/pod-record.ts";

export const POD_SCHEMA = `
CREATE TABLE IF NOT EXISTS pod_config (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  config TEXT NOT NULL
);
`;

export class PodDb {
  private readonly db: Database;

  /** Opened after StateDb, which creates the table (its schema includes POD_SCHEMA). */
  constructor(root: string) {
    this.db = openDatabase(path.join(root, "tspod-state.db"));
  }

  close(): void {
    this.db.close();
  }

  add(config: PodConfig): void {
    immediate(this.db, () => {
      const pod = this.db.query("SELECT id FROM pod_config WHERE name = ? OR id = ?").get(config.name, config.id) as { id: string } | null;
      if (pod) throw exactError("name_in_use", `adding pod to state: name ${JSON.stringify(config.name)} is in use: pod already exists`);
      const ctr = this.db.query("SELECT id FROM container_config WHERE name = ?").get(config.name) as { id: string } | null;
      if (ctr) throw exactError("name_in_use", `adding pod to state: name ${JSON.stringify(config.name)} is in use: container already exists`);
      this.db.query("INSERT INTO pod_config (id, name, config) VALUES (?, ?, ?)").run(config.id, config.name, JSON.stringify(config));
    });
  }

  update(config: PodConfig): void {
    const res = this.db.query("UPDATE pod_config SET config = ? WHERE id = ?").run(JSON.stringify(config), config.id);
    if (res.changes === 0) throw new TspodError("no_such_pod", `no pod with ID ${config.id} found in database`);
  }

  get(id: string): PodConfig | undefined {
    const row = this.db.query("SELECT config FROM pod_config WHERE id = ?").get(id) as { config: string } | null;
    return row ? (JSON.parse(row.config) as PodConfig) : undefined;
  }

  /** Full id, exact name, or unique id prefix → id (Podman's lookup order). */
  lookupId(nameOrId: string): string | undefined {
    const exact = this.db.query("SELECT id FROM pod_config WHERE id = ? OR name = ?").get(nameOrId, nameOrId) as { id: string } | null;
    if (exact) return exact.id;
    if (!/^[0-9a-f]+$/.test(nameOrId)) return undefined;
    const rows = this.db.query("SELECT id FROM pod_config WHERE id LIKE ? LIMIT 2").all(`${nameOrId}%`) as { id: string }[];
    if (rows.length > 1) throw new TspodError("invalid_argument", `more than one result for pod ID ${nameOrId}`);
    return rows[0]?.id;
  }

  list(): PodConfig[] {
    return (this.db.query("SELECT config FROM pod_config").all() as { config: string }[]).map((r) => JSON.parse(r.config) as PodConfig);
  }

  remove(id: string): void {
    this.db.query("DELETE FROM pod_config WHERE id = ?").run(id);
  }
}
