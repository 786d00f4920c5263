/**
 * `--pid`, `--ipc`, `--uts`, `--cgroupns` and the network setting → the spec's namespace list, in
 * Podman's order (pid, network, ipc, uts, mount, cgroup). Another container's namespace is written
 * as the placeholder path `container:<id>` and turned into `/proc/<pid>/ns/<ns>` at init by
 * `joinContainerNamespaces`, since the other container's pid changes between starts.
 */
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { OciNamespace, OciNamespaceType, OciSpec } from "./oci-spec-types.ts";
import type { SpecNamespaceMode, SpecNamespaces, SpecNetwork } from "./spec-options.ts";

const CONTAINER_PREFIX = "container:";
const NS_FILE: Record<OciNamespaceType, string> = { pid: "pid", network: "net", ipc: "ipc", uts: "uts", mount: "mnt", user: "user", cgroup: "cgroup" };

/**
 * Parses one namespace flag value. `container:NAME` keeps the name; the caller resolves it to an id.
 * `cgroupns` has no `container:` form in Podman's man page but the kernel allows it, so it is accepted.
 */
export function parseNamespaceMode(value: string): SpecNamespaceMode | { mode: "container"; id: string } {
  if (value === "" || value === "private") return { mode: "private" };
  if (value === "host") return { mode: "host" };
  if (value.startsWith("ns:")) {
    const path = value.slice(3);
    if (!path.startsWith("/")) throw exactError("invalid_argument", `must provide a path to a namespace when specifying "ns:"`);
    return { mode: "path", path };
  }
  if (value.startsWith(CONTAINER_PREFIX) && value.length > CONTAINER_PREFIX.length) {
    return { mode: "container", id: value.slice(CONTAINER_PREFIX.length) };
  }
  throw exactError("invalid_argument", `unrecognized namespace mode ${value} passed`);
}

/** The `HostConfig.PidMode`-style text for a mode: private, host, ns:PATH, container:ID. */
export function namespaceModeText(mode: SpecNamespaceMode | undefined, fallback = "private"): string {
  if (!mode) return fallback;
  switch (mode.mode) {
    case "private":
      return fallback;
    case "host":
      return "host";
    case "path":
      return `ns:${mode.path}`;
    case "container":
      return `${CONTAINER_PREFIX}${mode.id}`;
  }
}

function entry(type: OciNamespaceType, mode: SpecNamespaceMode | undefined): OciNamespace[] {
  if (!mode || mode.mode === "private") return [{ type }];
  if (mode.mode === "host") return [];
  if (mode.mode === "path") return [{ type, path: mode.path }];
  return [{ type, path: `${CONTAINER_PREFIX}${mode.id}` }];
}

/** The cgroup namespace is private only when asked for (Podman's default on cgroup v1/hybrid is host). */
export function buildNamespaces(network: SpecNetwork, ns: SpecNamespaces = {}): OciNamespace[] {
  const out: OciNamespace[] = [...entry("pid", ns.pid)];
  if (network.mode === "path") out.push({ type: "network", path: network.path });
  else if (network.mode !== "host") out.push({ type: "network" });
  out.push(...entry("ipc", ns.ipc), ...entry("uts", ns.uts), { type: "mount" });
  if (ns.cgroup && ns.cgroup.mode !== "host") out.push(...entry("cgroup", ns.cgroup));
  return out;
}

/** Ids of the containers whose namespaces this spec joins. */
export function namespaceDependencies(spec: OciSpec): string[] {
  const ids = spec.linux.namespaces.filter((n) => n.path?.startsWith(CONTAINER_PREFIX)).map((n) => n.path!.slice(CONTAINER_PREFIX.length));
  return [...new Set(ids)];
}

/** Replaces `container:<id>` placeholders by `/proc/<pid>/ns/<ns>` of that container's current process. */
export function joinContainerNamespaces(spec: OciSpec, pidOf: (id: string) => number | undefined): OciSpec {
  const namespaces = spec.linux.namespaces.map((n) => {
    if (!n.path?.startsWith(CONTAINER_PREFIX)) return n;
    const id = n.path.slice(CONTAINER_PREFIX.length);
    const pid = pidOf(id);
    if (!pid) throw new TspodError("ctr_state_invalid", `cannot join the ${n.type} namespace of container ${id}: it is not running`);
    return { type: n.type, path: `/proc/${pid}/ns/${NS_FILE[n.type]}` };
  });
  return { ...spec, linux: { ...spec.linux, namespaces } };
}
