/**
 * containers-storage.conf(5): only `[storage] driver` is used (the storage driver when no
 * `--storage-driver` is given). The file is `CONTAINERS_STORAGE_CONF` when set; otherwise the
 * rootless user's `$XDG_CONFIG_HOME/containers/storage.conf`, then /etc/containers/storage.conf,
 * then /usr/share/containers/storage.conf — the first that exists.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { TspodError } from "../errors/tspod-error.ts";

export const STORAGE_DRIVERS = ["overlay", "vfs"] as const;
export type StorageDriverName = (typeof STORAGE_DRIVERS)[number];

export function checkStorageDriver(name: string, where: string): StorageDriverName {
  // "overlay2" is an alias containers/storage accepts.
  const n = name === "overlay2" ? "overlay" : name;
  if ((STORAGE_DRIVERS as readonly string[]).includes(n)) return n as StorageDriverName;
  throw new TspodError("config", `${where}: unsupported storage driver "${name}" (supported: ${STORAGE_DRIVERS.join(", ")})`);
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  if (env.CONTAINERS_STORAGE_CONF) return [env.CONTAINERS_STORAGE_CONF];
  const files: string[] = [];
  if (process.getuid?.() !== 0) files.push(path.join(env.XDG_CONFIG_HOME ?? path.join(env.HOME ?? "/", ".config"), "containers/storage.conf"));
  files.push("/etc/containers/storage.conf", "/usr/share/containers/storage.conf");
  return files;
}

/** The `[storage] driver` of the first storage.conf found, if set and non-empty. */
export function storageConfDriver(env: NodeJS.ProcessEnv = process.env): StorageDriverName | undefined {
  for (const file of candidates(env)) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new TspodError("config", `reading ${file}`, err);
    }
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      throw new TspodError("config", `parsing ${file}: ${(err as Error).message}`, err);
    }
    const storage = doc.storage as Record<string, unknown> | undefined;
    const driver = storage?.driver;
    if (typeof driver === "string" && driver !== "") return checkStorageDriver(driver, file);
    return undefined;
  }
  return undefined;
}
