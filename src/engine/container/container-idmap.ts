/**
 * Files of a container in a user namespace must belong to its mapped ids. runc 1.1 cannot make
 * idmapped mounts, so — like containers/storage's chown fallback — the rootfs is chowned once
 * through the overlay (the changed inodes are copied up into the container's own upper dir; the
 * image layers stay untouched) and a marker records the mappings it was done for. The bundle's
 * files (/etc/hosts, resolv.conf, hostname, .containerenv) go to the mapped root.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import type { OciIdMapping } from "../../spec/oci-spec-types.ts";
import { mapId } from "../../spec/spec-userns.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { containerFilePaths } from "./container-files.ts";

const MARKER = "idmapped";

interface Mappings {
  uid: OciIdMapping[];
  gid: OciIdMapping[];
}

function hostIds(st: fs.Stats, m: Mappings, file: string): { uid: number; gid: number } {
  const uid = mapId(st.uid, m.uid);
  const gid = mapId(st.gid, m.gid);
  if (uid === undefined || gid === undefined) {
    throw new TspodError("config", `chown ${file} to the user namespace: container ID ${uid === undefined ? st.uid : st.gid} cannot be mapped to a host ID`);
  }
  return { uid, gid };
}

/** Chowns every entry under `root` (not crossing into other file systems) from container ids to host ids. */
export function chownToMappings(root: string, m: Mappings): void {
  const dev = fs.lstatSync(root).dev;
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.dev !== dev) return;
    const ids = hostIds(st, m, p);
    if (ids.uid !== st.uid || ids.gid !== st.gid) {
      fs.lchownSync(p, ids.uid, ids.gid);
      // chown clears set-user-ID and set-group-ID bits: put them back
      if (!st.isSymbolicLink() && st.mode & 0o6000) fs.chmodSync(p, st.mode & 0o7777);
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
  };
  walk(root);
}

/**
 * runc opens the rootfs from inside the user namespace, where the host's root-owned 0700 dirs
 * (a store under a private temp dir, say) cannot be searched: every directory above the rootfs
 * gets the search bit for others (never read or write), as containers/storage does for its dirs.
 */
function searchableUpTo(rootfs: string): void {
  for (let dir = path.dirname(rootfs); ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if (!(st.mode & 0o001)) fs.chmodSync(dir, (st.mode & 0o7777) | 0o001);
    if (dir === "/") break;
  }
}

/** The container's mappings, if it lives in a user namespace. */
export function containerMappings(rec: ContainerRecord): Mappings | undefined {
  const linux = rec.config.spec.linux;
  if (!linux.namespaces.some((n) => n.type === "user") || !linux.uidMappings?.length) return undefined;
  return { uid: linux.uidMappings, gid: linux.gidMappings?.length ? linux.gidMappings : linux.uidMappings };
}

/** The host ids of the container's root user (0:0 without a user namespace). */
export function mappedRoot(rec: ContainerRecord): { uid: number; gid: number } {
  const m = containerMappings(rec);
  if (!m) return { uid: 0, gid: 0 };
  return { uid: mapId(0, m.uid) ?? 0, gid: mapId(0, m.gid) ?? 0 };
}

/** At init, with the rootfs mounted at `rootfs`: chowns it once for the mappings, and the bundle's files every time. */
export function applyIdMappings(rt: Runtime, rec: ContainerRecord, rootfs: string): void {
  const m = containerMappings(rec);
  if (!m) return;
  const marker = path.join(rt.rootfs.dir(rec.config.id), MARKER);
  const want = JSON.stringify(m);
  let done = "";
  try {
    done = fs.readFileSync(marker, "utf8");
  } catch {
    // not done yet
  }
  searchableUpTo(rootfs);
  if (done !== want) {
    rt.log.debug(`chowning the rootfs of ${rec.config.id} to its user namespace`);
    chownToMappings(rootfs, m);
    fs.writeFileSync(marker, want);
  }
  const root = mappedRoot(rec);
  const bundle = rt.bundleDir(rec.config.id);
  for (const file of Object.values(containerFilePaths(bundle))) {
    if (fs.existsSync(file)) fs.chownSync(file, root.uid, root.gid);
  }
}

/** host id → container id under one mapping list (ids outside it become the overflow id, 65534). */
function unmapId(id: number, mappings: OciIdMapping[]): number {
  for (const m of mappings) if (id >= m.hostID && id < m.hostID + m.size) return m.containerID + (id - m.hostID);
  return 65534;
}

/** For archives of a container's files (commit, export): host ids back to the container's ids; undefined without a user namespace. */
export function containerIdsOf(rec: ContainerRecord): ((uid: number, gid: number) => { uid: number; gid: number }) | undefined {
  const m = containerMappings(rec);
  if (!m) return undefined;
  return (uid, gid) => ({ uid: unmapId(uid, m.uid), gid: unmapId(gid, m.gid) });
}
