/**
 * Remote connections (`system connection …`) kept where Podman 4.3 keeps them, so tspod and
 * podman share them: `[engine] active_service` and `[engine.service_destinations.NAME]`
 * (`uri`, `identity`) in the user's own containers.conf — $CONTAINERS_CONF when set, else
 * /etc/containers/containers.conf for root and $XDG_CONFIG_HOME/containers/containers.conf
 * (~/.config/…) for other users.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";
import { TspodError } from "../errors/tspod-error.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";

export interface ServiceDestination {
  name: string;
  uri: string;
  identity: string;
}

export interface DestinationsFile {
  path: string;
  active: string;
  destinations: ServiceDestination[];
}

type Table = Record<string, unknown>;

/** The containers.conf Podman reads and rewrites for connections. */
export function userContainersConfPath(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): string {
  if (env.CONTAINERS_CONF) return env.CONTAINERS_CONF;
  if (uid === 0) return "/etc/containers/containers.conf";
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "containers", "containers.conf");
}

function readTable(file: string): Table {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new TspodError("config", `reading ${file}`, err);
  }
  try {
    return parseToml(text) as Table;
  } catch (err) {
    throw new TspodError("config", `parsing ${file}: ${(err as Error).message}`, err);
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function readDestinations(env: NodeJS.ProcessEnv = process.env): DestinationsFile {
  const file = userContainersConfPath(env);
  const engine = readTable(file).engine;
  const out: DestinationsFile = { path: file, active: "", destinations: [] };
  if (!isTable(engine)) return out;
  if (typeof engine.active_service === "string") out.active = engine.active_service;
  const dests = engine.service_destinations;
  if (isTable(dests)) {
    for (const [name, d] of Object.entries(dests)) {
      if (!isTable(d)) continue;
      out.destinations.push({ name, uri: typeof d.uri === "string" ? d.uri : "", identity: typeof d.identity === "string" ? d.identity : "" });
    }
  }
  out.destinations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/** Rewrites the connection tables of the file, keeping everything else in it. */
export function writeDestinations(file: string, active: string, destinations: ServiceDestination[]): void {
  const doc = readTable(file);
  const engine: Table = isTable(doc.engine) ? doc.engine : {};
  if (active) engine.active_service = active;
  else delete engine.active_service;
  if (destinations.length > 0) {
    const table: Table = {};
    for (const d of destinations) table[d.name] = d.identity ? { uri: d.uri, identity: d.identity } : { uri: d.uri };
    engine.service_destinations = table;
  } else delete engine.service_destinations;
  doc.engine = engine;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  atomicWriteFile(file, `${stringifyToml(doc)}\n`);
}

/** What the environment says about remote mode (CONTAINER_HOST, CONTAINER_CONNECTION, CONTAINER_SSHKEY). */
export interface RemoteEnv {
  host?: string;
  connection?: string;
  sshKey?: string;
}

export function remoteEnv(env: NodeJS.ProcessEnv = process.env): RemoteEnv {
  return { host: env.CONTAINER_HOST || undefined, connection: env.CONTAINER_CONNECTION || undefined, sshKey: env.CONTAINER_SSHKEY || undefined };
}
