/**
 * Which sysctls a container may set: only namespaced ones (IPC `kernel.*` keys, `fs.mqueue.*`,
 * `net.*`, the UTS names), and not those of a namespace shared with the host (Podman's rules).
 */
import { exactError } from "../errors/tspod-error.ts";
import type { SpecNamespaces } from "./spec-options.ts";

const IPC_KEYS = new Set(["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"]);
const UTS_KEYS = new Set(["kernel.domainname", "kernel.hostname"]);

export function checkSysctl(key: string, ns: SpecNamespaces): void {
  const ipc = IPC_KEYS.has(key) || key.startsWith("fs.mqueue.");
  const uts = UTS_KEYS.has(key);
  if (!ipc && !uts && !key.startsWith("net.")) throw exactError("invalid_argument", `sysctl '${key}' is not allowed`);
  if (ipc && ns.ipc?.mode === "host") throw exactError("invalid_argument", `sysctl ${key} can't be set since IPC Namespace set to host`);
  if (uts && ns.uts?.mode === "host") throw exactError("invalid_argument", `sysctl ${key} can't be set since UTS Namespace set to host`);
}

/** `--sysctl KEY=VALUE` entries → a map (Podman: `foo is invalid, sysctl values must be in the form of KEY=VALUE`). */
export function parseSysctls(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", `${e} is invalid, sysctl values must be in the form of KEY=VALUE`);
    out[e.slice(0, eq).trim()] = e.slice(eq + 1).trim();
  }
  return out;
}
