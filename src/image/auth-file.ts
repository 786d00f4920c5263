/**
 * containers-auth.json(5): `{"auths": {"<host>[/<repo>]": {"auth": base64("user:pass")}}}`, the
 * same file Docker's config.json uses. Lookups try the most specific key first (`host/ns/repo`,
 * `host/ns`, `host`), and also Docker's URL-style keys (`https://index.docker.io/v1/`).
 * Writes are atomic with mode 0600 and keep any other keys of the file untouched.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";
import type { AuthPaths } from "../config/auth-paths.ts";
import type { Credentials } from "./registry-auth.ts";

interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  [k: string]: unknown;
}

interface AuthJson {
  auths?: Record<string, AuthEntry>;
  [k: string]: unknown;
}

function readJson(file: string): AuthJson | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw new TspodError("config", `reading JSON file ${JSON.stringify(file)}: ${(err as Error).message}`, err);
  }
  if (!text.trim()) return {};
  try {
    const j = JSON.parse(text) as AuthJson;
    if (!j || typeof j !== "object" || Array.isArray(j)) throw new Error("not an object");
    if (j.auths !== undefined && (typeof j.auths !== "object" || j.auths === null)) throw new Error("auths is not an object");
    return j;
  } catch (err) {
    throw new TspodError("config", `unmarshaling JSON at ${JSON.stringify(file)}: ${(err as Error).message}`, err);
  }
}

/** `docker.io` keys as Docker writes them, and `https://host/v1/`-style keys reduced to the host. */
function normalizeKey(key: string): string {
  let k = key.replace(/^https?:\/\//, "");
  if (key !== k) k = k.split("/")[0]!;
  if (k === "index.docker.io" || k === "registry-1.docker.io") return "docker.io";
  return k;
}

function decodeAuth(entry: AuthEntry, key: string): Credentials | undefined {
  if (!entry || typeof entry.auth !== "string" || !entry.auth) return undefined;
  const plain = Buffer.from(entry.auth, "base64").toString("utf8");
  const i = plain.indexOf(":");
  if (i < 0) throw new TspodError("config", `invalid auth configuration for ${key}: missing ':' in the decoded credentials`);
  return { username: plain.slice(0, i), password: plain.slice(i + 1).replace(/\0+$/, "") };
}

/** Keys to try for an image in `host/path/repo`, most specific first (containers-auth.json). */
export function lookupKeys(hostAndRepo: string): string[] {
  const parts = hostAndRepo.split("/");
  const keys: string[] = [];
  for (let n = parts.length; n >= 1; n--) keys.push(parts.slice(0, n).join("/"));
  return keys;
}

export class AuthFile {
  constructor(readonly paths: AuthPaths) {}

  get file(): string {
    return this.paths.primary;
  }

  /** Credentials for `host` or `host/repo`, from the primary file, then the fallbacks. */
  lookup(hostOrRepo: string): Credentials | undefined {
    const keys = lookupKeys(hostOrRepo);
    for (const file of [this.paths.primary, ...this.paths.fallbacks]) {
      const j = readJson(file);
      const auths = j?.auths;
      if (!auths) continue;
      const normalized = new Map<string, AuthEntry>();
      for (const [k, v] of Object.entries(auths)) if (!normalized.has(normalizeKey(k))) normalized.set(normalizeKey(k), v);
      for (const k of keys) {
        const entry = auths[k] ?? normalized.get(k);
        if (!entry) continue;
        const creds = decodeAuth(entry, k);
        if (creds) return creds;
      }
    }
    return undefined;
  }

  /** Stores credentials under `key` (a host or host/repo) in the primary file. */
  store(key: string, creds: Credentials): void {
    this.update((auths) => {
      auths[key] = { ...(auths[key] ?? {}), auth: Buffer.from(`${creds.username}:${creds.password}`).toString("base64") };
    });
  }

  /** Removes `key`; false when the primary file had no entry for it. */
  remove(key: string): boolean {
    let found = false;
    this.update((auths) => {
      if (key in auths) {
        found = true;
        delete auths[key];
      }
    }, true);
    return found;
  }

  /** Empties the `auths` map of the primary file. */
  removeAll(): void {
    this.update((auths) => {
      for (const k of Object.keys(auths)) delete auths[k];
    }, true);
  }

  /** Whether `key` is only known from a fallback file (Docker's config.json). */
  onlyInFallback(key: string): boolean {
    return this.paths.fallbacks.some((f) => readJson(f)?.auths?.[key] !== undefined);
  }

  private update(fn: (auths: Record<string, AuthEntry>) => void, skipIfMissing = false): void {
    const file = this.paths.primary;
    const j = readJson(file);
    if (!j && skipIfMissing) return;
    const doc: AuthJson = j ?? {};
    const auths = (doc.auths ??= {});
    fn(auths);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    atomicWriteFile(file, JSON.stringify(doc, null, "\t"), 0o600);
    fs.chmodSync(file, 0o600);
  }
}
