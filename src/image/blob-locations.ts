/**
 * Where blobs are known to live on registries (Podman's blob-info cache): recorded on pull and
 * push, consulted by push to mount a blob from another repository of the same registry instead
 * of uploading it again. Kept in `<root>/blob-info-cache.db`.
 */
import path from "node:path";
import { immediate, openDatabase, type Database } from "../util/sqlite.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS blob_locations (
  digest TEXT NOT NULL,
  registry TEXT NOT NULL,
  repository TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (digest, registry, repository)
);
`;

export class BlobLocations {
  private readonly db: Database;

  constructor(root: string) {
    this.db = openDatabase(path.join(root, "blob-info-cache.db"), SCHEMA);
  }

  record(digests: string[], registry: string, repository: string): void {
    const now = Date.now();
    immediate(this.db, () => {
      const q = this.db.query(
        "INSERT INTO blob_locations (digest, registry, repository, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET seen_at = excluded.seen_at",
      );
      for (const d of digests) q.run(d, registry, repository, now);
    });
  }

  /** Repositories on `registry` known to hold `digest`, most recently seen first. */
  repositories(digest: string, registry: string): string[] {
    const rows = this.db
      .query("SELECT repository FROM blob_locations WHERE digest = ? AND registry = ? ORDER BY seen_at DESC LIMIT 5")
      .all(digest, registry) as { repository: string }[];
    return rows.map((r) => r.repository);
  }

  close(): void {
    this.db.close();
  }
}
