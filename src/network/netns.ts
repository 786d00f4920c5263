/**
 * Persistent network namespaces as bind-mounted files (`<runroot>/netns/<container id>`), made
 * before `runc create` so netavark can configure them and the container joins them by path.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { MNT_DETACH, umount2 } from "../util/libc.ts";
import { removeUserns } from "./netns-userns.ts";

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

/** Creates the namespace (loopback up) unless it exists; returns its path. */
export function createNetns(file: string): string {
  if (netnsMounted(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  fs.writeFileSync(file, "", { mode: 0o644 });
  const r = Bun.spawnSync({ cmd: ["unshare", `--net=${file}`, "ip", "link", "set", "lo", "up"], stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) {
    removeNetns(file);
    throw new TspodError("internal", `creating network namespace ${file}: ${r.stderr.toString().trim()}`);
  }
  return file;
}

/** Unmounts and deletes the namespace file; missing is fine. */
export function removeNetns(file: string): void {
  try {
    umount2(file, MNT_DETACH);
  } catch {
    // not mounted
  }
  fs.rmSync(file, { force: true });
  removeUserns(file);
}
