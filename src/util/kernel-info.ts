/**
 * The host name and kernel release, read from /proc/sys/kernel like uname(2) reports them
 * (node:os would cost its module load on every `run` for two short strings).
 */
import fs from "node:fs";

function kernelFile(name: string): string {
  try {
    return fs.readFileSync(`/proc/sys/kernel/${name}`, "utf8").trim();
  } catch {
    return "";
  }
}

export function hostName(): string {
  return kernelFile("hostname");
}

export function kernelRelease(): string {
  return kernelFile("osrelease");
}
