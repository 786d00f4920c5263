/**
 * Resolves `-u`/image `User` against the container's /etc/passwd and /etc/group contents the way
 * Podman 4.3.1 does (measured here):
 * - ""              → uid 0, gid 0, no additional gids, HOME from root's passwd entry if any;
 * - "name" / "uid"  → uid and primary gid from passwd (gid 0 when a uid has no entry), additional
 *                     gids = primary gid + the groups listing the user name as a member;
 * - "u:g"           → additional gids = [gid] only; a group name must exist in /etc/group.
 * HOME is the passwd entry's home directory, or undefined when the user has no entry.
 */
import { TspodError } from "../errors/tspod-error.ts";

export interface ResolvedUser {
  uid: number;
  gid: number;
  /** undefined when the user string was empty (Podman leaves the field out). */
  additionalGids?: number[];
  home?: string;
}

interface PasswdEntry { name: string; uid: number; gid: number; home: string }
interface GroupEntry { name: string; gid: number; members: string[] }

export function resolveUser(user: string, passwd?: string, group?: string): ResolvedUser {
  const users = parsePasswd(passwd ?? "");
  const groups = parseGroup(group ?? "");
  const trimmed = user.trim();
  if (trimmed === "") {
    const root = users.find((u) => u.uid === 0);
    return { uid: 0, gid: 0, home: root?.home };
  }
  const colon = trimmed.indexOf(":");
  const userPart = colon >= 0 ? trimmed.slice(0, colon) : trimmed;
  const groupPart = colon >= 0 ? trimmed.slice(colon + 1) : undefined;

  let entry: PasswdEntry | undefined;
  let uid: number;
  if (isId(userPart)) {
    uid = Number(userPart);
    entry = users.find((u) => u.uid === uid);
  } else {
    entry = users.find((u) => u.name === userPart);
    if (!entry) throw new TspodError("invalid_argument", `unable to find user ${userPart}: no matching entries in passwd file`);
    uid = entry.uid;
  }

  if (groupPart !== undefined && groupPart !== "") {
    let gid: number;
    if (isId(groupPart)) {
      gid = Number(groupPart);
    } else {
      const g = groups.find((x) => x.name === groupPart);
      if (!g) throw new TspodError("invalid_argument", `unable to find group ${groupPart}: no matching entries in group file`);
      gid = g.gid;
    }
    return { uid, gid, additionalGids: [gid], home: entry?.home };
  }

  const gid = entry?.gid ?? 0;
  const additional = [gid];
  if (entry) {
    for (const g of groups) {
      if (g.members.includes(entry.name) && !additional.includes(g.gid)) additional.push(g.gid);
    }
  }
  return { uid, gid, additionalGids: additional, home: entry?.home };
}

function isId(s: string): boolean {
  return /^\d+$/.test(s) && Number(s) <= 0xffffffff;
}

function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 6 || !isId(f[2] ?? "") || !isId(f[3] ?? "")) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! });
  }
  return out;
}

function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const f = line.split(":");
    if (f.length < 3 || !isId(f[2] ?? "")) continue;
    const members = (f[3] ?? "").split(",").map((m) => m.trim()).filter((m) => m !== "");
    out.push({ name: f[0]!, gid: Number(f[2]), members });
  }
  return out;
}

/** `--group-add` entries (gids or names from /etc/group) → gids; `keep-groups` is skipped. */
export function resolveGroups(names: string[], group?: string): number[] {
  const groups = parseGroup(group ?? "");
  const out: number[] = [];
  for (const n of names) {
    if (n === "keep-groups") continue;
    let gid: number;
    if (isId(n)) gid = Number(n);
    else {
      const g = groups.find((x) => x.name === n);
      if (!g) throw new TspodError("invalid_argument", `unable to find group ${n}: no matching entries in group file`);
      gid = g.gid;
    }
    if (!out.includes(gid)) out.push(gid);
  }
  return out;
}
