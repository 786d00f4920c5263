/** libpod's archive stat: `linkTarget` is the absolute resolved path (Podman's cp client copies to and from it). */
import path from "node:path";

export function libpodLinkTarget(requested: string, linkTarget: string): string {
  const abs = path.posix.resolve("/", requested);
  if (!linkTarget) return abs;
  return path.posix.resolve(path.posix.dirname(abs), linkTarget);
}
