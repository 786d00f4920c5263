/**
 * Linux capability sets for a container, following Podman 4.3.1:
 * - the bounding set is the defaults (containers.conf) + `--cap-add` − `--cap-drop`, where `ALL`
 *   in `--cap-add` means every capability and `ALL` in `--cap-drop` starts from nothing;
 * - for uid 0 effective and permitted equal the bounding set (no inheritable/ambient);
 * - for other users only the explicitly added capabilities are effective, permitted,
 *   inheritable and ambient (Podman gives a non-root user no capabilities otherwise);
 * - `--privileged` grants every capability.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { OciCapabilities } from "./oci-spec-types.ts";

/** Every capability runc 1.1.5 knows, in number order (0 … 40). */
export const ALL_CAPABILITIES: readonly string[] = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
  "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
];

const KNOWN = new Set(ALL_CAPABILITIES);

/** `net_admin`, `NET_ADMIN`, `cap_net_admin` → `CAP_NET_ADMIN`; `all` → `ALL`. Unknown names throw. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === "ALL") return "ALL";
  const full = upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
  if (!KNOWN.has(full)) throw new TspodError("invalid_argument", `unknown capability "${name}"`);
  return full;
}

export interface CapabilityRequest {
  defaults: string[];
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  uid: number;
  /** The caller's bounding set: what `--privileged` and `--cap-add ALL` grant (Podman's rule). */
  hostCapabilities?: string[];
}

/** Computes the process capability sets; sets that would be empty are left out. */
export function resolveCapabilities(req: CapabilityRequest): OciCapabilities {
  const add = (req.capAdd ?? []).map(normalizeCapability);
  const drop = (req.capDrop ?? []).map(normalizeCapability);
  const all = req.hostCapabilities ?? ALL_CAPABILITIES;
  let bounding: string[];
  if (req.privileged) {
    bounding = sortCaps([...all]);
  } else {
    const set = new Set<string>(drop.includes("ALL") ? [] : req.defaults.map(normalizeCapability));
    for (const cap of add.includes("ALL") ? all : add) set.add(cap);
    for (const cap of drop) set.delete(cap);
    bounding = sortCaps([...set]);
  }
  if (req.uid === 0 || req.privileged) {
    return nonEmpty({ bounding, effective: bounding, permitted: bounding });
  }
  const bound = new Set(bounding);
  const added = sortCaps((add.includes("ALL") ? [...all] : add).filter((c) => bound.has(c)));
  return nonEmpty({ bounding, effective: added, inheritable: added, permitted: added, ambient: added });
}

function sortCaps(caps: string[]): string[] {
  return [...new Set(caps)].sort();
}

function nonEmpty(caps: OciCapabilities): OciCapabilities {
  const out: OciCapabilities = {};
  for (const [key, value] of Object.entries(caps) as Array<[keyof OciCapabilities, string[] | undefined]>) {
    if (value && value.length > 0) out[key] = [...value];
  }
  return out;
}
