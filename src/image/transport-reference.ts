/**
 * Local transports Podman accepts in `push`/`pull`: `oci:PATH[:REF]`, `oci-archive:PATH[:REF]`,
 * `docker-archive:PATH[:REF]` and `dir:PATH` (containers/image syntax: the path ends at the first
 * colon after the transport).
 */
import { TspodError } from "../errors/tspod-error.ts";

export type LocalTransportName = "oci" | "oci-archive" | "docker-archive" | "dir";

export interface LocalTransportRef {
  transport: LocalTransportName;
  path: string;
  /** The image reference inside the layout/archive (`oci:` ref name, docker-archive tag). */
  ref?: string;
}

const TRANSPORTS: LocalTransportName[] = ["oci-archive", "docker-archive", "oci", "dir"];

export function isLocalTransport(s: string): boolean {
  return TRANSPORTS.some((t) => s.startsWith(`${t}:`));
}

export function parseLocalTransport(s: string): LocalTransportRef {
  const transport = TRANSPORTS.find((t) => s.startsWith(`${t}:`));
  if (!transport) throw new TspodError("invalid_argument", `${JSON.stringify(s)} is not a local transport (oci:, oci-archive:, docker-archive:, dir:)`);
  const rest = s.slice(transport.length + 1);
  if (transport === "dir") {
    if (!rest) throw new TspodError("invalid_argument", `invalid ${transport} reference ${JSON.stringify(s)}: empty path`);
    return { transport, path: rest };
  }
  const i = rest.indexOf(":");
  const p = i < 0 ? rest : rest.slice(0, i);
  const ref = i < 0 ? undefined : rest.slice(i + 1);
  if (!p) throw new TspodError("invalid_argument", `invalid ${transport} reference ${JSON.stringify(s)}: empty path`);
  if (ref !== undefined && ref === "") throw new TspodError("invalid_argument", `invalid ${transport} reference ${JSON.stringify(s)}: empty image reference`);
  return { transport, path: p, ...(ref !== undefined ? { ref } : {}) };
}
