/**
 * Local images: records in SQLite (`<root>/images.db`), config and manifest JSON in the blob
 * store, unpacked layers in the layer store. An image id is its config digest's hex. A name
 * points at one image; adding a name that another image holds moves it (Podman's re-pull).
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, immediate, type Database } from "../util/sqlite.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";
import { BlobStore } from "../storage/blob-store.ts";
import { LayerStore } from "../storage/layer-store.ts";
import type { ImageRecord, OciImageConfig } from "./image-types.ts";
import { ImageReference, parseReference } from "./reference.ts";
import { collectGarbage, type GcReport } from "./image-gc.ts";

interface ImageRow {
  id: string;
  manifest_digest: string;
  manifest_media_type: string;
  config_digest: string;
  diff_ids: string;
  created: string;
  size: number;
  pulled_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS images (
  id TEXT PRIMARY KEY,
  manifest_digest TEXT NOT NULL,
  manifest_media_type TEXT NOT NULL,
  config_digest TEXT NOT NULL,
  diff_ids TEXT NOT NULL,
  created TEXT NOT NULL,
  size INTEGER NOT NULL,
  pulled_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS image_names (
  name TEXT PRIMARY KEY,
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS image_names_by_image ON image_names(image_id);
CREATE TABLE IF NOT EXISTS image_names_history (
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (image_id, name)
);
CREATE TABLE IF NOT EXISTS image_digests (
  name TEXT NOT NULL,
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  PRIMARY KEY (name, image_id)
);
`;

export class ImageStore {
  readonly root: string;
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  private readonly db: Database;

  constructor(root: string) {
    this.root = root;
    fs.mkdirSync(root, { recursive: true });
    this.blobs = new BlobStore(root);
    this.layers = new LayerStore(root);
    fs.mkdirSync(this.layers.dir, { recursive: true });
    this.db = openDatabase(path.join(root, "images.db"), SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  list(): ImageRecord[] {
    const rows = this.db.query("SELECT * FROM images ORDER BY pulled_at DESC, id").all() as ImageRow[];
    return rows.map((r) => this.toRecord(r));
  }

  get(id: string): ImageRecord | undefined {
    const row = this.db.query("SELECT * FROM images WHERE id = ?").get(id) as ImageRow | null;
    return row ? this.toRecord(row) : undefined;
  }

  /**
   * Finds an image by full name (`host/repo:tag`), short name (`busybox`, `busybox:tag` →
   * `localhost/…`, the search registries, then any `…/busybox:tag`), `name@digest`, id, or a
   * unique id prefix of at least 3 hex characters.
   */
  lookup(nameOrId: string, conf?: RegistriesConf | (() => RegistriesConf)): ImageRecord | undefined {
    const s = nameOrId.startsWith("sha256:") && !nameOrId.includes("/") ? nameOrId.slice(7) : nameOrId;
    if (/^[a-f0-9]{64}$/.test(s)) {
      const img = this.get(s);
      if (img) return img;
    }
    let ref: ImageReference | undefined;
    try {
      ref = parseReference(nameOrId);
    } catch {
      ref = undefined;
    }
    if (ref) {
      const found = this.lookupRef(ref, conf);
      if (found) return found;
    }
    if (/^[a-f0-9]{3,63}$/.test(s)) {
      const rows = this.db.query("SELECT id FROM images WHERE id >= ? AND id < ? LIMIT 2").all(s, s + "g") as { id: string }[];
      if (rows.length > 1) throw new TspodError("invalid_argument", `short image ID ${JSON.stringify(s)} is ambiguous`);
      if (rows.length === 1) return this.get(rows[0]!.id);
    }
    return undefined;
  }

  /** `conf` may be a function: registries.conf is then read only for short names. */
  private lookupRef(ref: ImageReference, lazyConf?: RegistriesConf | (() => RegistriesConf)): ImageRecord | undefined {
    const byName = (name: string) => {
      const row = this.db.query("SELECT image_id FROM image_names WHERE name = ?").get(name) as { image_id: string } | null;
      return row ? this.get(row.image_id) : undefined;
    };
    const byDigest = (name: string, digest: string) => {
      const row = (this.db.query("SELECT image_id FROM image_digests WHERE name = ?").get(`${name}@${digest}`) ??
        this.db.query("SELECT id AS image_id FROM images WHERE manifest_digest = ? AND id IN (SELECT image_id FROM image_digests WHERE name LIKE ? ESCAPE '\\')").get(digest, likeEscape(name) + "@%")) as { image_id: string } | null;
      return row ? this.get(row.image_id) : undefined;
    };
    const find = (r: ImageReference) => (r.digest ? byDigest(r.name, r.digest) : byName(r.toString()));
    if (!ref.isShortName) return find(ref);
    const conf = typeof lazyConf === "function" ? lazyConf() : lazyConf;
    const candidates: ImageReference[] = [ref.withRegistry("localhost")];
    const alias = conf?.aliases[ref.repository];
    if (alias) {
      try {
        const a = parseReference(alias);
        if (!a.isShortName) candidates.push(new ImageReference(a.registry, a.repository, ref.tag, ref.digest));
      } catch {
        /* a bad alias is reported when pulling */
      }
    }
    for (const reg of conf?.unqualifiedSearchRegistries ?? []) candidates.push(ref.withRegistry(reg));
    for (const c of candidates) {
      const img = find(c);
      if (img) return img;
    }
    // Any name whose repository path ends with the short name (Podman 4's tail match).
    const suffix = ref.digest ? `/${ref.repository}@${ref.digest}` : `/${ref.toString()}`;
    const table = ref.digest ? "image_digests" : "image_names";
    const rows = this.db
      .query(`SELECT n.image_id FROM ${table} n JOIN images i ON i.id = n.image_id WHERE n.name LIKE ? ESCAPE '\\' ORDER BY i.pulled_at DESC`)
      .all("%" + likeEscape(suffix)) as { image_id: string }[];
    return rows.length ? this.get(rows[0]!.image_id) : undefined;
  }

  /** The parsed image config (from the blob store). */
  config(image: ImageRecord): OciImageConfig {
    return JSON.parse(this.blobs.readText(image.configDigest)) as OciImageConfig;
  }

  /** The raw manifest bytes the image was pulled with, if kept. */
  manifest(image: ImageRecord): Uint8Array | undefined {
    return this.blobs.has(image.manifestDigest) ? this.blobs.readBytes(image.manifestDigest) : undefined;
  }

  /** Overlay lower dirs, top layer first. */
  layerPaths(image: ImageRecord): string[] {
    return [...image.diffIds].reverse().map((d) => this.layers.layerDiffPath(d));
  }

  /**
   * Adds or updates an image; its names are taken from whichever images held them. Refuses
   * (`layer_gone`) when a layer or the config blob vanished under a concurrent `rmi`, so the
   * store never holds a record whose content is missing; the caller pulls again.
   */
  add(record: ImageRecord): ImageRecord {
    immediate(this.db, () => {
      const missing = record.diffIds.find((d) => !this.layers.has(d)) ?? (this.blobs.has(record.configDigest) ? undefined : record.configDigest);
      if (missing) throw new TspodError("layer_gone", `storing image ${record.id}: ${missing} was removed meanwhile`);
      this.db
        .query(
          `INSERT INTO images (id, manifest_digest, manifest_media_type, config_digest, diff_ids, created, size, pulled_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET manifest_digest = excluded.manifest_digest,
             manifest_media_type = excluded.manifest_media_type, diff_ids = excluded.diff_ids,
             created = excluded.created, size = excluded.size, pulled_at = excluded.pulled_at`,
        )
        .run(record.id, record.manifestDigest, record.manifestMediaType, record.configDigest, JSON.stringify(record.diffIds), record.created, record.size, record.pulledAt);
      for (const name of record.names) this.tagInTx(record.id, name);
      for (const d of record.digests) this.db.query("INSERT OR IGNORE INTO image_digests (name, image_id) VALUES (?, ?)").run(d, record.id);
    });
    return this.get(record.id)!;
  }

  /** Points `name` (a full reference with tag) at image `id`; false when the image is gone. */
  tag(id: string, name: string): boolean {
    return immediate(this.db, () => {
      if (!this.db.query("SELECT 1 FROM images WHERE id = ?").get(id)) return false;
      this.tagInTx(id, name);
      return true;
    });
  }

  private tagInTx(id: string, name: string): void {
    this.db.query("INSERT OR IGNORE INTO image_names_history (image_id, name) VALUES (?, ?)").run(id, name);
    this.db.query("INSERT INTO image_names (name, image_id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id").run(name, id);
  }

  untag(id: string, name: string): boolean {
    return immediate(this.db, () => this.db.query("DELETE FROM image_names WHERE name = ? AND image_id = ?").run(name, id).changes > 0);
  }

  /** Every name ever given to the image, newest first (Podman's NamesHistory). */
  namesHistory(id: string): string[] {
    return (this.db.query("SELECT name FROM image_names_history WHERE image_id = ? ORDER BY rowid DESC").all(id) as { name: string }[]).map((r) => r.name);
  }

  /**
   * Deletes the record of image `id`, then (in the same write transaction, so no pull can
   * commit a record that relies on them meanwhile) moves its layers that no remaining image
   * uses, and its blobs, out of the store. Returns false when the image was already gone.
   * `check` runs inside the transaction first and may throw to refuse the removal.
   */
  remove(id: string, check?: (image: ImageRecord) => void): GcReport | undefined {
    const report = immediate(this.db, () => {
      const image = this.get(id);
      if (!image) return undefined;
      check?.(image);
      this.db.query("DELETE FROM images WHERE id = ?").run(id);
      const remaining = this.db.query("SELECT diff_ids, manifest_digest, config_digest FROM images").all() as Pick<ImageRow, "diff_ids" | "manifest_digest" | "config_digest">[];
      const keepLayers = new Set(remaining.flatMap((r) => JSON.parse(r.diff_ids) as string[]));
      const keepBlobs = new Set(remaining.flatMap((r) => [r.manifest_digest, r.config_digest]));
      for (const row of this.db.query("SELECT DISTINCT name FROM image_digests").all() as { name: string }[]) keepBlobs.add(row.name.slice(row.name.indexOf("@") + 1));
      return collectGarbage(this, image, keepLayers, keepBlobs);
    });
    report?.purge();
    return report;
  }

  private toRecord(r: ImageRow): ImageRecord {
    const names = (this.db.query("SELECT name FROM image_names WHERE image_id = ? ORDER BY rowid").all(r.id) as { name: string }[]).map((x) => x.name);
    const digests = (this.db.query("SELECT name FROM image_digests WHERE image_id = ? ORDER BY rowid").all(r.id) as { name: string }[]).map((x) => x.name);
    return {
      id: r.id,
      names,
      digests,
      manifestDigest: r.manifest_digest,
      manifestMediaType: r.manifest_media_type,
      configDigest: r.config_digest,
      diffIds: JSON.parse(r.diff_ids) as string[],
      created: r.created,
      size: r.size,
      pulledAt: r.pulled_at,
    };
  }
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}
