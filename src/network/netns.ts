/**
 * Persistent network namespaces as bind-mounted files (`<runroot>/netns/<container id>`), made
 * before `runc create` so netavark can configure them and the container joins them by path.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { CLONE_NEWNET, closeFd, ioctl, MNT_DETACH, MS_BIND, mount, setns, socketFd, umount2, unshare } from "../util/libc.ts";

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SIOCGIFFLAGS = 0x8913;
const SIOCSIFFLAGS = 0x8914;
const IFF_UP = 1;

export function netnsPath(runroot: string, containerId: string): string {
  return path.join(runroot, "netns", containerId);
}

/** Whether `file` is a mounted namespace (an nsfs bind mount), not just the empty placeholder. */
export function netnsMounted(file: string): boolean {
  try {
    return fs.statSync(file).dev !== fs.statSync(path.dirname(file)).dev;
  } catch {
    return false;
  }
}

/**
 * Creates the namespace (loopback up) unless it exists; returns its path. Done in this process,
 * as Podman does, rather than through `unshare … ip link set lo up` (two programs per start):
 * the calling thread moves into a new network namespace, bind-mounts it on `file`, brings `lo`
 * up and moves back.
 */
export function createNetns(file: string): string {
  if (netnsMounted(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  fs.writeFileSync(file, "", { mode: 0o644 });
  try {
    inNewNetns(() => {
      mount("/proc/thread-self/ns/net", file, "none", MS_BIND, "");
      setLoopbackUp();
    });
  } catch (err) {
    removeNetns(file);
    throw new TspodError("internal", `creating network namespace ${file}: ${(err as Error).message}`);
  }
  return file;
}

/** Runs `fn` with this thread in a new network namespace, then returns it to the one it was in. */
function inNewNetns(fn: () => void): void {
  const home = fs.openSync("/proc/thread-self/ns/net", "r");
  try {
    unshare(CLONE_NEWNET);
    try {
      fn();
    } finally {
      // staying in the new namespace would cut this process off the host's network
      setns(home, CLONE_NEWNET);
    }
  } finally {
    fs.closeSync(home);
  }
}

/** `ip link set lo up` in the current network namespace (SIOCSIFFLAGS on a struct ifreq). */
function setLoopbackUp(): void {
  const fd = socketFd(AF_INET, SOCK_DGRAM);
  try {
    const ifreq = new Uint8Array(40);
    ifreq.set(new TextEncoder().encode("lo"));
    ioctl(fd, SIOCGIFFLAGS, ifreq);
    const flags = new DataView(ifreq.buffer);
    flags.setInt16(16, flags.getInt16(16, true) | IFF_UP, true);
    ioctl(fd, SIOCSIFFLAGS, ifreq);
  } finally {
    closeFd(fd);
  }
}

/** Unmounts and deletes the namespace file; missing is fine. */
export function removeNetns(file: string): void {
  try {
    umount2(file, MNT_DETACH);
  } catch {
    // not mounted
  }
  fs.rmSync(file, { force: true });
}
