/**
 * Resolves a path inside a container's root file system the way the container would see it:
 * `..` never climbs above the root and symlinks (absolute or relative) are followed relative to
 * the root, so a link to /etc/passwd inside the container can never reach the host's.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";

const MAX_LINKS = 255;

/**
 * Returns the host path for `p` (a container path) under `root`. With `followLast` false a final
 * symlink is not followed (the link itself is the result). Missing components are kept as given.
 */
export function resolveInRoot(root: string, p: string, followLast = true): string {
  const resolved: string[] = [];
  let pending = splitPath(p);
  let links = 0;
  while (pending.length > 0) {
    const comp = pending.shift()!;
    if (comp === "." || comp === "") continue;
    if (comp === "..") {
      resolved.pop();
      continue;
    }
    const host = path.join(root, ...resolved, comp);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(host);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink() && (pending.length > 0 || followLast)) {
      if (++links > MAX_LINKS) throw new TspodError("invalid_argument", `too many levels of symbolic links resolving ${p}`);
      const target = fs.readlinkSync(host);
      if (target.startsWith("/")) resolved.length = 0;
      pending = [...splitPath(target), ...pending];
      continue;
    }
    resolved.push(comp);
  }
  const out = path.join(root, ...resolved);
  // Belt and braces: the join above cannot leave root, but never hand out a path that does.
  const rel = path.relative(root, out);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new TspodError("unsafe_content", `path ${p} escapes the container root`);
  return out;
}

function splitPath(p: string): string[] {
  return p.split("/").filter((c) => c !== "");
}
