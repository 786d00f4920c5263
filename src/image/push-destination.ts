/**
 * Splits a push destination into its transport and the transport-specific part, as Podman's
 * `push IMAGE [DESTINATION]` does: `docker://host/repo:tag`, `oci:/path[:ref]`, `oci-archive:…`,
 * `docker-archive:…`, `dir:…`; anything without a known transport prefix is a registry reference.
 */
export const PUSH_TRANSPORTS = ["docker", "oci", "oci-archive", "docker-archive", "dir", "containers-storage", "docker-daemon", "sif"] as const;

export type PushTransport = (typeof PUSH_TRANSPORTS)[number];

export interface PushDestination {
  transport: PushTransport;
  /** For docker: the reference (without `docker://`); for the others: the text after `<transport>:`. */
  target: string;
}

export function parsePushDestination(dest: string): PushDestination {
  if (dest.startsWith("docker://")) return { transport: "docker", target: dest.slice("docker://".length) };
  const colon = dest.indexOf(":");
  if (colon > 0) {
    const prefix = dest.slice(0, colon);
    if ((PUSH_TRANSPORTS as readonly string[]).includes(prefix) && prefix !== "docker") return { transport: prefix as PushTransport, target: dest.slice(colon + 1) };
  }
  return { transport: "docker", target: dest };
}
