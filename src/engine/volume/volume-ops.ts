/**
 * Creating and removing named volumes (Podman's libpod volume API). A volume's data lives in
 * `<root>/volumes/<name>/_data`; its record in the volume database. Every change holds the
 * volume's lock (`volume-<name>`), and a volume is only deleted after its lock-holder saw no
 * container using it, so a failing or racing command never deletes data in use.
 */
import { randomHexId } from "../../util/random-id.ts";
import fs from "node:fs";
import path from "node:path";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { eventTimeNow } from "../events/event.ts";
import { noSuchVolume } from "./volume-db.ts";
import { VOLUME_NAME, type VolumeRecord } from "./volume-record.ts";
import { isMountPoint, unmountVolumeOnHost } from "./volume-host-mount.ts";

export interface VolumeCreateRequest {
  name?: string;
  driver?: string;
  options?: Record<string, string>;
  labels?: Record<string, string>;
  anonymous?: boolean;
  /** Return the existing volume instead of failing when the name is taken. */
  ignore?: boolean;
}

/** The `-o` keys the local driver knows (Podman's, lower-cased). */
const LOCAL_OPTIONS = ["type", "device", "o", "uid", "gid", "copy", "nocopy", "size", "inodes", "noquota"];

export function volumeLockKey(name: string): string {
  return `volume-${name}`;
}

export function volumeDir(rt: Runtime, name: string): string {
  return path.join(rt.settings.root, "volumes", name);
}

function checkOptions(options: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(options)) {
    const key = rawKey.toLowerCase();
    if (!LOCAL_OPTIONS.includes(key)) throw new TspodError("invalid_argument", `invalid mount option ${rawKey} for driver 'local'`);
    if ((key === "uid" || key === "gid") && !/^\d+$/.test(value)) throw new TspodError("invalid_argument", `cannot convert ${key.toUpperCase()} ${value} to integer`);
    if (key === "size" || key === "inodes") {
      if ((options.type ?? "") !== "tmpfs") throw exactError("invalid_argument", "volume options size and inodes not supported. Filesystem does not support Project Quota");
    }
    out[key === "uid" ? "UID" : key === "gid" ? "GID" : key] = value;
  }
  if (out.type && !out.device) throw new TspodError("invalid_argument", "must provide a device when a filesystem type is given");
  if (out.device && !out.type && !out.o?.split(",").includes("bind")) throw new TspodError("invalid_argument", "must provide a filesystem type (-o type=) with a device");
  return out;
}

/** Creates a volume (record first, then its directory, both under its lock). */
export async function createVolume(rt: Runtime, req: VolumeCreateRequest): Promise<VolumeRecord> {
  const name = req.name ?? randomHexId();
  if (!VOLUME_NAME.test(name)) {
    throw new TspodError("invalid_argument", `running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
  }
  const driver = req.driver ?? "local";
  if (driver !== "local") throw new TspodError("invalid_argument", `volume driver ${JSON.stringify(driver)} is not available: only "local" volumes are supported`);
  const options = checkOptions(req.options ?? {});
  const dir = volumeDir(rt, name);
  const rec: VolumeRecord = {
    name,
    driver,
    mountpoint: path.join(dir, "_data"),
    createdAt: eventTimeNow(),
    labels: req.labels ?? {},
    options,
    anonymous: req.anonymous === true,
    needsCopyUp: options.nocopy === undefined,
    needsChown: options.UID === undefined && options.GID === undefined,
    mountCount: 0,
  };
  return rt.locks.withLock(volumeLockKey(name), () => {
    if (!rt.volumes.add(rec)) {
      if (req.ignore) return rt.volumes.get(name)!;
      throw new TspodError("volume_exists", `volume with name ${name} already exists`);
    }
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.mkdirSync(rec.mountpoint, { recursive: true, mode: 0o755 });
      if (options.UID !== undefined || options.GID !== undefined) {
        const st = fs.statSync(rec.mountpoint);
        fs.chownSync(rec.mountpoint, Number(options.UID ?? st.uid), Number(options.GID ?? st.gid));
      }
    } catch (err) {
      rt.volumes.remove(name);
      throw new TspodError("internal", `creating volume directory ${rec.mountpoint}: ${(err as Error).message}`, err);
    }
    rt.events.emit("volume", "create", { ID: name, Name: name, Attributes: null });
    return rec;
  });
}

/** The ids of the containers whose config mounts the volume. */
export function volumeUsers(rt: Runtime, name: string): string[] {
  return rt.state
    .listContainerSummaries()
    .filter((c) => c.config.mounts?.some((m) => m.type === "volume" && m.name === name))
    .map((c) => c.config.id);
}

function inUseError(name: string, users: string[]): TspodError {
  return new TspodError("volume_in_use", `volume ${name} is being used by the following container(s): ${users.join(", ")}`);
}

export interface VolumeRemoveOptions {
  /** Remove the containers using it first. */
  force?: boolean;
  /** Called to remove a container that uses the volume (with force). */
  removeContainer?: (id: string) => Promise<void>;
  /** Only the exact name (no prefix lookup). */
  exact?: boolean;
}

/** Removes a volume and its data; refuses while a container uses it (unless force). */
export async function removeVolume(rt: Runtime, nameOrPrefix: string, opts: VolumeRemoveOptions = {}): Promise<string> {
  const found = opts.exact ? rt.volumes.get(nameOrPrefix) : rt.volumes.lookup(nameOrPrefix);
  if (!found) throw noSuchVolume(nameOrPrefix);
  const name = found.name;
  if (opts.force && opts.removeContainer) {
    // Containers are locked before volumes: remove them before taking the volume's lock.
    for (const id of volumeUsers(rt, name)) await opts.removeContainer(id);
  }
  await rt.locks.withLock(volumeLockKey(name), async () => {
    const rec = rt.volumes.get(name);
    if (!rec) throw noSuchVolume(name);
    const users = volumeUsers(rt, name);
    if (users.length > 0) throw inUseError(name, users);
    if (rec.mountCount > 0) unmountVolumeOnHost(rt, rec, true);
    if (isMountPoint(rec.mountpoint)) {
      throw new TspodError("volume_in_use", `volume ${name} is still mounted at ${rec.mountpoint}, not removing its data`);
    }
    rt.volumes.remove(name);
    fs.rmSync(volumeDir(rt, name), { recursive: true, force: true });
    rt.events.emit("volume", "remove", { ID: name, Name: name, Attributes: null });
  });
  rt.locks.forget(volumeLockKey(name));
  return name;
}

/**
 * Removes a removed container's anonymous volumes that no other container uses (`rm -v`,
 * `--rm`). Named volumes are never removed this way.
 */
export async function removeAnonymousVolumes(rt: Runtime, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await removeVolume(rt, name, { exact: true });
    } catch (err) {
      if (err instanceof TspodError && (err.code === "no_such_volume" || err.code === "volume_in_use")) continue;
      rt.log.warn(`removing anonymous volume ${name}: ${(err as Error).message}`);
    }
  }
}
