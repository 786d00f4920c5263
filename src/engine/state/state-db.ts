/**
 * The state database: container configs and states in SQLite (WAL, busy timeout, BEGIN
 * IMMEDIATE), one row each, so many tspod processes can work on one store at once.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, immediate, type Database } from "../../util/sqlite.ts";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import { parseTagged, stringifyTagged } from "../../util/json-bigint.ts";
import { POD_SCHEMA } from "./pod-db.ts";
import type { ContainerConfig, ContainerRecord, ContainerState, ContainerSummary } from "../container/container-record.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS container_config (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS container_state (
  id TEXT PRIMARY KEY REFERENCES container_config(id) ON DELETE CASCADE,
  state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exit_codes (
  id TEXT PRIMARY KEY,
  code INTEGER NOT NULL,
  removed_at INTEGER NOT NULL
);
`;

const EXIT_CODE_RETENTION_MS = 5 * 60 * 1000;

interface Row {
  config: string;
  state: string;
}

export class StateDb {
  private readonly db: Database;

  static exists(root: string): boolean {
    return fs.existsSync(StateDb.file(root));
  }

  private static file(root: string): string {
    return path.join(root, "tspod-state.db");
  }

  constructor(root: string) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.db = openDatabase(StateDb.file(root), SCHEMA + POD_SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  addContainer(record: ContainerRecord): void {
    immediate(this.db, () => {
      const taken = this.db.query("SELECT id FROM container_config WHERE name = ? OR id = ?").get(record.config.name, record.config.id) as { id: string } | null;
      if (taken) {
        throw new TspodError(
          "name_in_use",
          `creating container storage: the container name "${record.config.name}" is already in use by ${taken.id}. You have to remove that container to be able to reuse that name`,
        );
      }
      if (this.db.query("SELECT id FROM pod_config WHERE name = ?").get(record.config.name)) {
        throw exactError("name_in_use", `name ${JSON.stringify(record.config.name)} is in use: pod already exists`);
      }
      this.db.query("INSERT INTO container_config (id, name, config) VALUES (?, ?, ?)").run(record.config.id, record.config.name, stringifyTagged(record.config));
      this.db.query("INSERT INTO container_state (id, state) VALUES (?, ?)").run(record.config.id, JSON.stringify(record.state));
    });
  }

  getContainer(id: string): ContainerRecord | undefined {
    const row = this.db
      .query("SELECT c.config AS config, s.state AS state FROM container_config c JOIN container_state s ON s.id = c.id WHERE c.id = ?")
      .get(id) as Row | null;
    return row ? { config: parseTagged<ContainerConfig>(row.config), state: JSON.parse(row.state) as ContainerState } : undefined;
  }

  /** Full id, exact name, or unique id prefix → id (Podman's lookup order). */
  lookupContainerId(nameOrId: string): string | undefined {
    const exact = this.db.query("SELECT id FROM container_config WHERE id = ? OR name = ?").get(nameOrId, nameOrId) as { id: string } | null;
    if (exact) return exact.id;
    if (!/^[0-9a-f]+$/.test(nameOrId)) return undefined;
    const rows = this.db.query("SELECT id FROM container_config WHERE id LIKE ? LIMIT 2").all(`${nameOrId}%`) as { id: string }[];
    if (rows.length > 1) throw new TspodError("invalid_argument", `more than one result for container ID ${nameOrId}`);
    return rows[0]?.id;
  }

  listContainers(): ContainerRecord[] {
    const rows = this.db.query("SELECT c.config AS config, s.state AS state FROM container_config c JOIN container_state s ON s.id = c.id").all() as Row[];
    return rows.map((r) => ({ config: parseTagged<ContainerConfig>(r.config), state: JSON.parse(r.state) as ContainerState }));
  }

  /**
   * All containers for `ps`: the config without the OCI spec's bulky parts (seccomp profile,
   * process, masked paths), which listing never reads. Do not save these records back.
   */
  listContainerSummaries(): ContainerRecord[] {
    const rows = this.db
      .query(
        "SELECT json_remove(c.config, '$.spec.linux.seccomp', '$.spec.process', '$.spec.linux.maskedPaths', '$.spec.linux.readonlyPaths', '$.spec.linux.devices', '$.spec.linux.resources.devices') AS config, s.state AS state FROM container_config c JOIN container_state s ON s.id = c.id",
      )
      .all() as Row[];
    return rows.map((r) => ({ config: parseTagged<ContainerConfig>(r.config), state: JSON.parse(r.state) as ContainerState }));
  }

  /**
   * Every (container, container it depends on) pair — the ids in each config's
   * `settings.dependencies` — read by SQLite's JSON functions without parsing whole records.
   */
  dependencyPairs(): { id: string; dependsOn: string }[] {
    return this.db
      .query("SELECT c.id AS id, d.value AS dependsOn FROM container_config c, json_each(c.config, '$.settings.dependencies') d")
      .all() as { id: string; dependsOn: string }[];
  }

  listContainerIds(): string[] {
    return (this.db.query("SELECT id FROM container_config").all() as { id: string }[]).map((r) => r.id);
  }

  saveState(id: string, state: ContainerState): void {
    const res = this.db.query("UPDATE container_state SET state = ? WHERE id = ?").run(JSON.stringify(state), id);
    if (res.changes === 0) throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
  }

  /**
   * Deletes a container. Its exit code, if it had one, is kept for a while (as Podman does) so
   * a `run --rm` or `wait` racing with the removal still learns how the container ended.
   */
  removeContainer(id: string, exitCode?: number): void {
    immediate(this.db, () => {
      this.db.query("DELETE FROM container_state WHERE id = ?").run(id);
      this.db.query("DELETE FROM container_config WHERE id = ?").run(id);
      const now = Date.now();
      this.db.query("DELETE FROM exit_codes WHERE removed_at < ?").run(now - EXIT_CODE_RETENTION_MS);
      if (exitCode !== undefined) this.db.query("INSERT OR REPLACE INTO exit_codes (id, code, removed_at) VALUES (?, ?, ?)").run(id, exitCode, now);
    });
  }

  /** Renames a container; the name stays unique across concurrent renames and creates. */
  renameContainer(id: string, newName: string): void {
    immediate(this.db, () => {
      const taken = this.db.query("SELECT id FROM container_config WHERE name = ? OR id = ?").get(newName, newName) as { id: string } | null;
      if (taken) {
        throw new TspodError("name_in_use", `renaming container ${id}: name ${newName} already in use, cannot rename container ${id}`);
      }
      const row = this.db.query("SELECT config FROM container_config WHERE id = ?").get(id) as { config: string } | null;
      if (!row) throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
      const config = parseTagged<ContainerConfig>(row.config);
      config.name = newName;
      this.db.query("UPDATE container_config SET name = ?, config = ? WHERE id = ?").run(newName, stringifyTagged(config), id);
    });
  }

  /** Replaces a container's config (`update` changes resources and the restart policy; the name and id stay). */
  updateConfig(config: ContainerConfig): void {
    const res = this.db.query("UPDATE container_config SET config = ? WHERE id = ? AND name = ?").run(stringifyTagged(config), config.id, config.name);
    if (res.changes === 0) throw new TspodError("no_such_container", `no container with ID ${config.id} found in database`);
  }

  removedExitCode(id: string): number | undefined {
    const row = this.db.query("SELECT code FROM exit_codes WHERE id = ?").get(id) as { code: number } | null;
    return row?.code;
  }

  containerCountsByImage(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.listContainerSummaries()) counts.set(r.config.imageId, (counts.get(r.config.imageId) ?? 0) + 1);
    return counts;
  }
}
