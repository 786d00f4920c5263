/**
 * What a container's mounts need around its life: named and anonymous volumes created once the
 * container is stored; at init, copy-up of the image's files into new volumes, ownership,
 * `:U` chown, `:O` overlays, host-mounted (`-o type=`) volumes and secret files; at release,
 * the overlays (changes discarded) and host mounts undone; at removal, anonymous volumes.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import { MNT_DETACH, mount, umount2 } from "../../util/libc.ts";
import { flattenLayers } from "../../storage/vfs-copy.ts";
import type { OciSpec } from "../../spec/oci-spec-types.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerConfig, ContainerRecord } from "../container/container-record.ts";
import { overlayDir, secretFileName, type ContainerMount } from "./container-mount.ts";
import { createVolume, removeAnonymousVolumes, volumeLockKey } from "./volume-ops.ts";
import { isHostMounted, mountVolumeOnHost, unmountVolumeOnHost } from "./volume-host-mount.ts";
import { noSuchVolume } from "./volume-db.ts";
import { unmountShm } from "../container/container-shm.ts";

/** Records which host-mounted volumes this container counted, so release undoes it once. */
const HOST_MOUNTS_FILE = "volume-host-mounts.json";

/** Creates the container's volumes that do not exist yet (after the container is stored, so no prune can take them). */
export async function ensureContainerVolumes(rt: Runtime, config: ContainerConfig): Promise<void> {
  for (const m of config.mounts ?? []) {
    if (m.type !== "volume" || !m.name) continue;
    await createVolume(rt, { name: m.name, anonymous: m.anonymous, ignore: true });
  }
}

/** The names of a container's anonymous volumes. */
export function anonymousVolumes(config: ContainerConfig): string[] {
  return (config.mounts ?? []).filter((m) => m.type === "volume" && m.anonymous && m.name).map((m) => m.name!);
}

/** After a container is removed: its anonymous volumes go too (`rm -v`, `--rm`). */
export async function removeContainerVolumes(rt: Runtime, config: ContainerConfig): Promise<void> {
  await removeAnonymousVolumes(rt, anonymousVolumes(config));
}

/** Resolves `dest` inside `root` without following symlinks; undefined if a component is a symlink or missing. */
function insideRootfs(root: string, dest: string): string | undefined {
  let cur = root;
  for (const seg of dest.split("/").filter(Boolean)) {
    cur = path.join(cur, seg);
    const st = fs.lstatSync(cur, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return undefined;
  }
  return cur;
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.lchownSync(dir, uid, gid);
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) return;
  for (const name of fs.readdirSync(dir)) chownTree(path.join(dir, name), uid, gid);
}

/** First use of a volume: the image's files at the mount point are copied in, and its owner and mode taken over. */
async function firstUse(rt: Runtime, m: ContainerMount, rootfs: string, user: { uid: number; gid: number }): Promise<void> {
  await rt.locks.withLock(volumeLockKey(m.name!), async () => {
    const vol = rt.volumes.get(m.name!);
    if (!vol) throw noSuchVolume(m.name!);
    if (isHostMounted(vol)) await mountVolumeOnHost(rt, vol);
    if (!vol.needsCopyUp && !vol.needsChown) return;
    const target = insideRootfs(rootfs, m.destination);
    const st = target ? fs.statSync(target) : undefined;
    if (vol.needsCopyUp && m.copyUp !== false && st?.isDirectory() && fs.readdirSync(vol.mountpoint).length === 0) {
      rt.log.debug(`copying ${m.destination} of the image into volume ${vol.name}`);
      flattenLayers([target!], vol.mountpoint);
    }
    if (vol.needsChown) {
      if (st?.isDirectory()) {
        fs.chownSync(vol.mountpoint, st.uid, st.gid);
        fs.chmodSync(vol.mountpoint, st.mode & 0o7777);
      } else fs.chownSync(vol.mountpoint, user.uid, user.gid);
    }
    vol.needsCopyUp = false;
    vol.needsChown = false;
    rt.volumes.save(vol);
  });
}

function mountOverlay(bundle: string, index: number, lower: string): void {
  const dir = path.join(bundle, overlayDir(index));
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ["upper", "work", "merged"]) fs.mkdirSync(path.join(dir, d), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.join(dir, "upper"), fs.statSync(lower.split(":")[0]!).mode & 0o7777);
  mount("overlay", path.join(dir, "merged"), "overlay", 0, `lowerdir=${lower},upperdir=${path.join(dir, "upper")},workdir=${path.join(dir, "work")}`);
}

/** `KEY=value` for the container's env-type secrets (for init and exec; never stored). */
export function secretEnv(rt: Runtime, config: ContainerConfig): string[] {
  return (config.secrets ?? []).filter((s) => s.type === "env").map((s) => `${s.target}=${Buffer.from(rt.secrets.data(s.id)).toString()}`);
}

/** The image's layer dirs as an overlay lowerdir (an `--mount type=image`). */
function imageLayers(rt: Runtime, imageId: string): string {
  const image = rt.images.lookup(imageId);
  if (!image) throw new TspodError("no_such_image", `image ${imageId} of an image mount is gone`);
  const layers = rt.images.layerPaths(image);
  if (layers.length === 0) throw new TspodError("invalid_argument", `image ${imageId} has no layers to mount`);
  return layers.join(":");
}

function writeSecrets(rt: Runtime, config: ContainerConfig, bundle: string): string[] {
  (config.secrets ?? []).forEach((s, index) => {
    if (s.type === "env") return;
    const data = rt.secrets.data(s.id);
    const file = path.join(bundle, secretFileName(index));
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, data, { mode: 0o600 });
    fs.chownSync(file, s.uid, s.gid);
    fs.chmodSync(file, s.mode);
  });
  return secretEnv(rt, config);
}

/**
 * Prepares a container's mounts at init (its rootfs is mounted at `rootfs`); returns the spec to
 * write, which carries env secrets (they are never stored in the config).
 */
export async function prepareContainerMounts(rt: Runtime, rec: ContainerRecord, rootfs: string): Promise<OciSpec> {
  const { config } = rec;
  const bundle = rt.bundleDir(config.id);
  const user = { uid: config.spec.process?.user?.uid ?? 0, gid: config.spec.process?.user?.gid ?? 0 };
  const counted: string[] = [];
  const mounts = config.mounts ?? [];
  try {
    for (const [index, m] of mounts.entries()) {
      if (m.type === "volume") {
        const vol = rt.volumes.get(m.name!);
        if (!vol) throw new TspodError("no_such_volume", `container ${config.id}: volume ${m.name} is gone`);
        await firstUse(rt, m, rootfs, user);
        if (isHostMounted(vol)) counted.push(vol.name);
      }
      if ((m.type === "volume" || m.type === "bind") && m.chown) chownTree(m.source, user.uid, user.gid);
      if ((m.type === "volume" || m.type === "bind") && m.overlay) mountOverlay(bundle, index, m.source);
      if (m.type === "image") mountOverlay(bundle, index, imageLayers(rt, m.source));
    }
  } finally {
    // no file when nothing was counted (most containers): one file less to create per start
    const file = path.join(bundle, HOST_MOUNTS_FILE);
    if (counted.length > 0) fs.writeFileSync(file, JSON.stringify(counted));
    else fs.rmSync(file, { force: true });
  }
  const env = writeSecrets(rt, config, bundle);
  if (env.length === 0) return config.spec;
  return { ...config.spec, process: { ...config.spec.process!, env: [...(config.spec.process?.env ?? []), ...env] } };
}

/** Undoes prepareContainerMounts (idempotent): overlays unmounted and discarded, host mounts released, secret files removed. */
export function releaseContainerMounts(rt: Runtime, config: ContainerConfig): void {
  const bundle = rt.bundleDir(config.id);
  for (const [index, m] of (config.mounts ?? []).entries()) {
    if (!m.overlay && m.type !== "image") continue;
    const dir = path.join(bundle, overlayDir(index));
    try {
      umount2(path.join(dir, "merged"), MNT_DETACH);
    } catch {
      // not mounted
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const file = path.join(bundle, HOST_MOUNTS_FILE);
  let counted: string[] = [];
  try {
    counted = JSON.parse(fs.readFileSync(file, "utf8")) as string[];
    fs.rmSync(file, { force: true });
  } catch {
    // nothing counted
  }
  for (const name of counted) {
    // under the volume's lock, so a container initialising meanwhile never sees it half unmounted
    rt.locks.withLockSync(volumeLockKey(name), () => {
      const vol = rt.volumes.get(name);
      if (vol) unmountVolumeOnHost(rt, vol);
    });
  }
  fs.rmSync(path.join(bundle, "secrets"), { recursive: true, force: true });
  unmountShm(rt, config.id);
}
