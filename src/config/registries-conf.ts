/**
 * registries.conf (containers-registries.conf(5), v2 TOML format, plus the old v1 tables):
 * search registries, short-name mode, per-registry prefix/location/insecure/blocked/mirrors, aliases.
 * Drop-ins in `registries.conf.d/*.conf` are applied in lexical order, later files overriding.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { TspodError } from "../errors/tspod-error.ts";

export type ShortNameMode = "enforcing" | "permissive" | "disabled";

export interface RegistryMirror {
  location: string;
  insecure: boolean;
  /** "all" (default), "digest-only" or "tag-only". */
  pullFromMirror: string;
}

export interface RegistryEntry {
  /** The prefix matched against image names (defaults to `location`). May start with `*.`. */
  prefix: string;
  /** Where images matching `prefix` really live (empty when only `prefix` was given). */
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrors: RegistryMirror[];
}

export interface RegistryMatch {
  entry: RegistryEntry;
  /** The image name with the matched prefix replaced by the entry's location. */
  rewrittenName: string;
}

export interface RegistriesConfData {
  unqualifiedSearchRegistries: string[];
  shortNameMode: ShortNameMode;
  registries: RegistryEntry[];
  aliases: Record<string, string>;
  /** Files that were read, main file first. */
  sources: string[];
}

export class RegistriesConf implements RegistriesConfData {
  unqualifiedSearchRegistries: string[];
  shortNameMode: ShortNameMode;
  registries: RegistryEntry[];
  aliases: Record<string, string>;
  sources: string[];

  constructor(data: Partial<RegistriesConfData> = {}) {
    this.unqualifiedSearchRegistries = data.unqualifiedSearchRegistries ?? [];
    // containers-registries.conf(5): "If short-name-mode is not specified at all or left empty,
    // default to the permissive mode."
    this.shortNameMode = data.shortNameMode ?? "permissive";
    this.registries = data.registries ?? [];
    this.aliases = data.aliases ?? {};
    this.sources = data.sources ?? [];
  }

  /** The [[registry]] entry whose prefix is the longest match for `imageName` (e.g. `quay.io/a/b:tag`). */
  registryFor(imageName: string): RegistryMatch | undefined {
    let best: { entry: RegistryEntry; len: number } | undefined;
    for (const entry of this.registries) {
      const len = prefixMatchLength(entry.prefix, imageName);
      if (len > 0 && (!best || len > best.len)) best = { entry, len };
    }
    if (!best) return undefined;
    const { entry, len } = best;
    const rewrittenName = entry.prefix.startsWith("*.") || !entry.location ? imageName : entry.location + imageName.slice(len);
    return { entry, rewrittenName };
  }

  /** True when `host` (`host[:port]`) is marked insecure (TLS unverified, plain HTTP allowed). */
  isInsecure(host: string): boolean {
    const m = this.registryFor(host);
    if (m?.entry.insecure) return true;
    for (const r of this.registries) {
      if (r.location === host && r.insecure) return true;
      if (r.mirrors.some((mi) => mi.insecure && (mi.location === host || mi.location.split("/")[0] === host))) return true;
    }
    return false;
  }

  isBlocked(imageName: string): boolean {
    return this.registryFor(imageName)?.entry.blocked ?? false;
  }
}

/** Length of the matched prefix, 0 when `prefix` does not match `name`. */
function prefixMatchLength(prefix: string, name: string): number {
  if (prefix.startsWith("*.")) {
    const host = name.split("/")[0]!.replace(/:\d+$/, "");
    return host.endsWith(prefix.slice(1)) && host.length > prefix.length - 1 ? prefix.length : 0;
  }
  if (!name.startsWith(prefix)) return 0;
  if (name.length === prefix.length) return prefix.length;
  const next = name[prefix.length];
  return next === "/" || next === ":" || next === "@" ? prefix.length : 0;
}

export const DEFAULT_REGISTRIES_CONF = "/etc/containers/registries.conf";

export interface LoadRegistriesConfOptions {
  /** Explicit file; when given, no drop-ins are read (like CONTAINERS_REGISTRIES_CONF). */
  path?: string;
  /** Override the drop-in directory (tests). Defaults to `<main>.d` for the default file. */
  dropInDir?: string;
}

export function loadRegistriesConf(opts: LoadRegistriesConfOptions = {}): RegistriesConf {
  const explicit = opts.path ?? process.env.CONTAINERS_REGISTRIES_CONF;
  const main = explicit || DEFAULT_REGISTRIES_CONF;
  const conf = new RegistriesConf();
  if (fs.existsSync(main)) applyFile(conf, main);
  const dropInDir = opts.dropInDir ?? (explicit ? undefined : main + ".d");
  if (dropInDir && fs.existsSync(dropInDir)) {
    for (const f of fs.readdirSync(dropInDir).filter((n) => n.endsWith(".conf")).sort()) {
      applyFile(conf, path.join(dropInDir, f));
    }
  }
  return conf;
}

/** Parses registries.conf text into `conf`, overriding what earlier files set (exported for tests). */
export function applyRegistriesToml(conf: RegistriesConf, text: string, source: string): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new TspodError("config", `loading registries configuration "${source}": ${(err as Error).message}`, err);
  }
  conf.sources.push(source);
  const bad = (what: string): never => {
    throw new TspodError("config", `loading registries configuration "${source}": ${what}`);
  };
  const strList = (v: unknown, what: string): string[] =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : bad(`${what} must be a list of strings`);

  if (doc["unqualified-search-registries"] !== undefined) {
    conf.unqualifiedSearchRegistries = strList(doc["unqualified-search-registries"], "unqualified-search-registries");
  }
  const mode = doc["short-name-mode"];
  if (mode !== undefined) {
    if (mode !== "enforcing" && mode !== "permissive" && mode !== "disabled" && mode !== "") bad(`invalid short-name mode ${JSON.stringify(mode)}`);
    if (mode) conf.shortNameMode = mode as ShortNameMode;
  }
  const v1 = doc.registries;
  if (v1 && typeof v1 === "object" && !Array.isArray(v1)) applyV1(conf, v1 as Record<string, unknown>, strList);
  const regs = doc.registry;
  if (regs !== undefined) {
    if (!Array.isArray(regs)) bad("[[registry]] must be an array of tables");
    for (const r of regs as Record<string, unknown>[]) upsert(conf, toEntry(r, bad));
  }
  const aliases = doc.aliases;
  if (aliases !== undefined) {
    if (typeof aliases !== "object" || aliases === null) bad("[aliases] must be a table");
    for (const [k, v] of Object.entries(aliases as Record<string, unknown>)) {
      if (typeof v !== "string") bad(`alias ${JSON.stringify(k)} must be a string`);
      if (v === "") delete conf.aliases[k];
      else conf.aliases[k] = v as string;
    }
  }
}

function applyFile(conf: RegistriesConf, file: string): void {
  applyRegistriesToml(conf, fs.readFileSync(file, "utf8"), file);
}

function toEntry(r: Record<string, unknown>, bad: (w: string) => never): RegistryEntry {
  const str = (k: string) => {
    const v = r[k];
    if (v === undefined) return "";
    if (typeof v !== "string") bad(`[[registry]] ${k} must be a string`);
    return v as string;
  };
  const location = stripScheme(str("location"));
  const prefix = stripScheme(str("prefix")) || location;
  if (!prefix) bad("[[registry]] needs a location or a prefix");
  if (prefix.startsWith("*.") && location) bad(`[[registry]] with wildcard prefix ${prefix} must not set a location`);
  const mirrorsRaw = r.mirror ?? [];
  if (!Array.isArray(mirrorsRaw)) bad("[[registry.mirror]] must be an array of tables");
  const mirrors = (mirrorsRaw as Record<string, unknown>[]).map((m) => ({
    location: stripScheme(String(m.location ?? "")),
    insecure: m.insecure === true,
    pullFromMirror: typeof m["pull-from-mirror"] === "string" ? (m["pull-from-mirror"] as string) : "all",
  }));
  return { prefix, location, insecure: r.insecure === true, blocked: r.blocked === true, mirrors };
}

function upsert(conf: RegistriesConf, entry: RegistryEntry): void {
  const i = conf.registries.findIndex((e) => e.prefix === entry.prefix);
  if (i >= 0) conf.registries[i] = entry;
  else conf.registries.push(entry);
}

function applyV1(conf: RegistriesConf, v1: Record<string, unknown>, strList: (v: unknown, w: string) => string[]): void {
  const list = (k: string): string[] => {
    const t = v1[k] as Record<string, unknown> | undefined;
    return t && t.registries !== undefined ? strList(t.registries, `registries.${k}.registries`) : [];
  };
  const search = list("search");
  if (search.length) conf.unqualifiedSearchRegistries = search;
  for (const [key, flag] of [["insecure", "insecure"], ["block", "blocked"]] as const) {
    for (const loc of list(key)) {
      const existing = conf.registries.find((e) => e.prefix === loc);
      const e = existing ?? { prefix: loc, location: loc, insecure: false, blocked: false, mirrors: [] };
      e[flag] = true;
      if (!existing) conf.registries.push(e);
    }
  }
}

function stripScheme(s: string): string {
  return s.replace(/^(https?|docker):\/\//, "").replace(/\/+$/, "");
}
