/**
 * User namespaces: `--uidmap` / `--gidmap` parsing, and what the spec gets — a `user` namespace
 * entry (new, or joined at a path / another container's) with the uid and gid mappings runc needs
 * even when it joins an existing namespace. Pure.
 */
import { exactError } from "../errors/tspod-error.ts";
import type { OciIdMapping, OciMount } from "./oci-spec-types.ts";

export interface SpecUserNamespace {
  /** undefined: a new namespace; `container:<id>` (filled in at init) or a path: join that one. */
  path?: string;
  uidMappings: OciIdMapping[];
  gidMappings: OciIdMapping[];
}

const MAX_U32 = 4294967295;

/** `CONTAINER:HOST:SIZE` entries (each flag may be repeated) → mappings; Podman's message when malformed. */
export function parseIdMappings(entries: string[], what: "UID" | "GID"): OciIdMapping[] {
  return entries.map((e) => {
    const parts = e.split(":");
    const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
    if (parts.length !== 3 || nums.some((n) => !Number.isInteger(n) || n > MAX_U32) || nums[2] === 0) {
      throw exactError("invalid_argument", `initializing ID mappings: ${what} setting is malformed expected ["uint32:uint32:uint32"]: [${JSON.stringify(e)}]`);
    }
    return { containerID: nums[0]!, hostID: nums[1]!, size: nums[2]! };
  });
}

/** The host id a container id maps to, or undefined when unmapped. */
export function mapId(id: number, mappings: OciIdMapping[]): number | undefined {
  for (const m of mappings) if (id >= m.containerID && id < m.containerID + m.size) return m.hostID + (id - m.containerID);
  return undefined;
}

/** Podman's `IDMappings` text: `CONTAINER:HOST:SIZE`. */
export function idMappingText(mappings: OciIdMapping[]): string[] {
  return mappings.map((m) => `${m.containerID}:${m.hostID}:${m.size}`);
}

/**
 * A user namespace cannot mount sysfs for a network namespace it does not own (the host's): like
 * Podman, such containers get the host's /sys bind-mounted instead.
 */
export function sysfsForUserns(mounts: OciMount[], hostNetwork: boolean): OciMount[] {
  if (!hostNetwork) return mounts;
  return mounts.map((m) => (m.destination === "/sys" && m.type === "sysfs" ? { destination: "/sys", type: "bind", source: "/sys", options: ["rprivate", "nosuid", "noexec", "nodev", "ro", "rbind"] } : m));
}
