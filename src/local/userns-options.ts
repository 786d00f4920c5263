/**
 * `--userns`, `--uidmap`, `--gidmap`, `--subuidname`, `--subgidname` → the container's user
 * namespace (for root, as Podman 4.3.1 decides it): explicit mappings, ranges from
 * /etc/subuid and /etc/subgid, `auto` (a free range of the `containers` user's subordinate ids),
 * or another container's namespace with its mappings. `keep-id` and `nomap` are rootless-only.
 */
import fs from "node:fs";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateFlags } from "../domain/container-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { OciIdMapping } from "../spec/oci-spec-types.ts";
import { parseIdMappings, type SpecUserNamespace } from "../spec/spec-userns.ts";

export const SUBUID_FILE = "/etc/subuid";
export const SUBGID_FILE = "/etc/subgid";
const AUTO_USER = "containers";
const AUTO_DEFAULT_SIZE = 1024;

export interface ResolvedUserns {
  userns?: SpecUserNamespace;
  /** HostConfig.UsernsMode: "" (host by default), "host", "private", "container:<id>", "ns:PATH". */
  mode: string;
}

/** The `NAME:START:COUNT` ranges of one user in a subordinate id file. */
export function subordinateRanges(content: string, name: string): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  for (const line of content.split("\n")) {
    const [user, start, count] = line.trim().split(":");
    if (user === name && /^\d+$/.test(start ?? "") && /^\d+$/.test(count ?? "")) out.push({ start: Number(start), count: Number(count) });
  }
  return out;
}

function readRanges(file: string, name: string, what: string): { start: number; count: number }[] {
  let content = "";
  try {
    content = fs.readFileSync(file, "utf8");
  } catch {
    // no file: no ranges
  }
  const ranges = subordinateRanges(content, name);
  if (ranges.length === 0) throw exactError("invalid_argument", `no ${what} ranges found for user ${JSON.stringify(name)} in ${file}`);
  return ranges;
}

function rangesToMappings(ranges: { start: number; count: number }[]): OciIdMapping[] {
  let next = 0;
  return ranges.map((r) => {
    const m = { containerID: next, hostID: r.start, size: r.count };
    next += r.count;
    return m;
  });
}

/** `auto[:size=N]`: the first `size` host ids of the `containers` user's ranges no other container maps. */
function autoMappings(rt: Runtime, value: string): OciIdMapping[] {
  let size = AUTO_DEFAULT_SIZE;
  for (const opt of value.slice("auto".length).replace(/^:/, "").split(",").filter(Boolean)) {
    const [key, v] = opt.split("=");
    if (key === "size" && /^\d+$/.test(v ?? "") && Number(v) > 0) size = Number(v);
    else if (key !== "uidmapping" && key !== "gidmapping") throw exactError("invalid_argument", `invalid option ${JSON.stringify(opt)} for auto user namespace`);
  }
  const noIds = () => exactError("invalid_argument", "creating container storage: could not find enough available IDs");
  let ranges: { start: number; count: number }[];
  try {
    ranges = readRanges(SUBUID_FILE, AUTO_USER, "subuid");
    readRanges(SUBGID_FILE, AUTO_USER, "subgid");
  } catch {
    throw noIds();
  }
  const used = rt.state
    .listContainers()
    .flatMap((r) => (r.config.spec.linux.namespaces.some((n) => n.type === "user" && !n.path?.startsWith("container:")) ? (r.config.spec.linux.uidMappings ?? []) : []));
  for (const r of ranges) {
    let start = r.start;
    for (;;) {
      if (start + size > r.start + r.count) break;
      const clash = used.find((u) => start < u.hostID + u.size && u.hostID < start + size);
      if (!clash) return [{ containerID: 0, hostID: start, size }];
      start = clash.hostID + clash.size;
    }
  }
  throw noIds();
}

export function resolveUserns(rt: Runtime, f: ContainerCreateFlags): ResolvedUserns {
  const uidmap = f.uidmap ?? [];
  const gidmap = f.gidmap ?? [];
  const mapFlags = uidmap.length > 0 || gidmap.length > 0 || !!f.subuidname || !!f.subgidname;
  const value = f.userns ?? "";
  if (mapFlags && value !== "") throw exactError("invalid_argument", "--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive");
  if (mapFlags) {
    let uid = parseIdMappings(uidmap, "UID");
    let gid = parseIdMappings(gidmap, "GID");
    if (f.subuidname) uid = rangesToMappings(readRanges(SUBUID_FILE, f.subuidname, "subuid"));
    if (f.subgidname) gid = rangesToMappings(readRanges(SUBGID_FILE, f.subgidname, "subgid"));
    if (uid.length === 0) uid = gid;
    if (gid.length === 0) gid = uid;
    return { userns: { uidMappings: uid, gidMappings: gid }, mode: "private" };
  }
  if (value === "" || value === "host") return { mode: value };
  if (value === "private") throw exactError("invalid_argument", "must provide at least one UID or GID mapping to configure a user namespace");
  if (value === "keep-id" || value.startsWith("keep-id:")) throw exactError("invalid_argument", "keep-id is only supported in rootless mode");
  if (value === "nomap") throw exactError("invalid_argument", "nomap is only supported in rootless mode");
  if (value === "auto" || value.startsWith("auto:")) {
    const m = autoMappings(rt, value);
    return { userns: { uidMappings: m, gidMappings: m }, mode: "private" };
  }
  if (value.startsWith("container:") && value.length > "container:".length) {
    const name = value.slice("container:".length);
    const id = rt.state.lookupContainerId(name);
    const other = id ? rt.state.getContainer(id) : undefined;
    if (!id || !other) {
      throw new TspodError("no_such_container", `looking up container to share user namespace with: no container with name or ID ${JSON.stringify(name)} found`);
    }
    const linux = other.config.spec.linux;
    if (!linux.namespaces.some((n) => n.type === "user")) {
      // the other container uses the host's user namespace: so does this one
      return { mode: `container:${id}` };
    }
    return { userns: { path: `container:${id}`, uidMappings: linux.uidMappings ?? [], gidMappings: linux.gidMappings ?? [] }, mode: `container:${id}` };
  }
  if (value.startsWith("ns:")) {
    const nsPath = value.slice(3);
    if (!nsPath.startsWith("/")) throw exactError("invalid_argument", `must provide a path to a namespace when specifying "ns:"`);
    if (!fs.existsSync(nsPath)) throw exactError("invalid_argument", `cannot find specified user namespace path: stat ${nsPath}: no such file or directory`);
    // runc needs the mappings even to join: read them from the owning process when the path says which
    const pid = nsPath.match(/^\/proc\/(\d+)\/ns\/user$/)?.[1];
    const read = (file: string) => parseProcMap(fs.readFileSync(`/proc/${pid}/${file}`, "utf8"));
    if (!pid) throw exactError("invalid_argument", `joining user namespace ${nsPath}: only /proc/PID/ns/user paths are supported (the mappings are read from that process)`);
    return { userns: { path: nsPath, uidMappings: read("uid_map"), gidMappings: read("gid_map") }, mode: value };
  }
  throw exactError("invalid_argument", `unrecognized namespace mode ${value} passed`);
}

/** /proc/PID/uid_map text → mappings. */
export function parseProcMap(text: string): OciIdMapping[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((n) => n.length === 3 && n.every(Number.isFinite))
    .map(([c, h, s]) => ({ containerID: c!, hostID: h!, size: s! }));
}
