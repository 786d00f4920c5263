/**
 * A shareable /dev/shm, as Podman makes it: a tmpfs mounted on the host at `<container dir>/shm`
 * (size `--shm-size`) and bind-mounted at /dev/shm, so containers that join this one's IPC
 * namespace (`--ipc container:ID`, pod members joining the infra container) bind the same tmpfs.
 * Made for `--ipc shareable` and for a pod's infra container when the pod shares IPC; mounted at
 * init, unmounted when the container's resources are released (stop, exit cleanup, removal).
 */
import fs from "node:fs";
import path from "node:path";
import { LibcError, MNT_DETACH, mount, umount2, EINVAL, ENOENT } from "../../util/libc.ts";
import type { OciMount } from "../../spec/oci-spec-types.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { mappedRoot } from "./container-idmap.ts";

const MS_NOSUID = 2;
const MS_NODEV = 4;
const MS_NOEXEC = 8;

export function shmDir(rt: Runtime, id: string): string {
  return path.join(rt.rootfs.dir(id), "shm");
}

/** The /dev/shm bind mount of a container with a shareable shm at `source`. */
export function shmBindMount(source: string): OciMount {
  return { destination: "/dev/shm", type: "bind", source, options: ["bind", "rprivate", "nosuid", "noexec", "nodev"] };
}

/** The shm dir a container's spec binds at /dev/shm, if it is a shareable one. */
export function boundShmDir(spec: { mounts?: OciMount[] }): string | undefined {
  const m = spec.mounts?.find((x) => x.destination === "/dev/shm" && x.type === "bind");
  return m?.source && path.basename(m.source) === "shm" ? m.source : undefined;
}

function isMounted(dir: string): boolean {
  try {
    return fs.statSync(dir).dev !== fs.statSync(path.dirname(dir)).dev;
  } catch {
    return false;
  }
}

/** At init: mounts the container's own shareable shm tmpfs (a joined container's is its owner's). */
export function mountShm(rt: Runtime, rec: ContainerRecord): void {
  const dir = shmDir(rt, rec.config.id);
  if (boundShmDir(rec.config.spec) !== dir || isMounted(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const root = mappedRoot(rec);
  const size = rec.config.settings?.shmSize || 65536 * 1024;
  mount("shm", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, `mode=1777,size=${size},uid=${root.uid},gid=${root.gid}`);
  rt.log.debug(`mounted the shm of ${rec.config.id} at ${dir}`);
}

/** Unmounts the container's shm tmpfs (idempotent); containers still binding it keep their view. */
export function unmountShm(rt: Runtime, id: string): void {
  const dir = shmDir(rt, id);
  for (let i = 0; i < 10 && isMounted(dir); i++) {
    try {
      umount2(dir, MNT_DETACH);
    } catch (err) {
      if (err instanceof LibcError && (err.errno === EINVAL || err.errno === ENOENT)) return;
      throw err;
    }
  }
}
