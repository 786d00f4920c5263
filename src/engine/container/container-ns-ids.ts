/** `ps --ns`: the inode numbers of a running container's namespaces (from /proc/<pid>/ns). */
import fs from "node:fs";

const KINDS: [key: string, file: string][] = [
  ["Mnt", "mnt"],
  ["Cgroup", "cgroup"],
  ["Ipc", "ipc"],
  ["Net", "net"],
  ["Pidns", "pid"],
  ["Uts", "uts"],
  ["User", "user"],
];

/** Podman's ListContainerNamespaces; empty when the process is gone. */
export function namespaceIds(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (pid <= 0) return out;
  for (const [key, file] of KINDS) {
    try {
      const link = fs.readlinkSync(`/proc/${pid}/ns/${file}`);
      out[key] = /\[(\d+)\]/.exec(link)?.[1] ?? "";
    } catch {
      return {};
    }
  }
  return out;
}
