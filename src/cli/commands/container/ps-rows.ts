/** The rows `ps` renders: Podman's ps template fields over a list entry, and the sort keys. */
import type { ContainerListEntry } from "../../../define/container-types.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { humanSize, timeAgo } from "../../../util/human-duration.ts";

export const SORT_KEYS = ["command", "created", "id", "image", "names", "runningfor", "size", "status"];

/** Go's time.Time String(): "2026-11-23 13:31:23.57977625 +0000 UTC" from an RFC 3339 UTC time. */
export function goTimeString(unixSeconds: number, iso?: string): string {
  const m = iso && /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (m) {
    const frac = (m[3] ?? "").replace(/0+$/, "");
    return `${m[1]} ${m[2]}${frac ? "." + frac : ""} +0000 UTC`;
  }
  const d = new Date(unixSeconds * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)} +0000 UTC`;
}

function sizeText(e: ContainerListEntry): string {
  if (!e.Size) return "";
  const h = (n: number) => humanSize(n).replace(" ", "");
  return `${h(e.Size.rwSize)} (virtual ${h(e.Size.rootFsSize)})`;
}

interface PortMapping {
  host_ip?: string;
  container_port: number;
  host_port: number;
  range?: number;
  protocol?: string;
}

/** Podman's PORTS text: "0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9001->9000-9001/udp". */
export function portsText(ports: unknown[] | null): string {
  if (!ports?.length) return "";
  return (ports as PortMapping[])
    .map((p) => {
      const n = p.range && p.range > 1 ? p.range : 1;
      const span = (start: number) => (n > 1 ? `${start}-${start + n - 1}` : `${start}`);
      return `${p.host_ip || "0.0.0.0"}:${span(p.host_port)}->${span(p.container_port)}/${p.protocol || "tcp"}`;
    })
    .join(", ");
}

function truncateCommand(cmd: string, noTrunc: boolean): string {
  return noTrunc || cmd.length <= 20 ? cmd : `${cmd.slice(0, 17)}...`;
}

/** The object a `--format` template sees (Podman's psReporter). */
export function templateRow(e: ContainerListEntry, noTrunc: boolean, createdIso: string | undefined, now: number) {
  const created = goTimeString(e.Created, createdIso);
  return {
    AutoRemove: e.AutoRemove,
    Command: truncateCommand(e.Command.join(" "), noTrunc),
    Created: created,
    CreatedAt: created,
    CreatedHuman: timeAgo(e.Created * 1000, now),
    Exited: e.Exited,
    ExitedAt: e.ExitedAt,
    ExitCode: e.ExitCode,
    ID: noTrunc ? e.Id : e.Id.slice(0, 12),
    Image: e.Image,
    ImageID: noTrunc ? e.ImageID : e.ImageID.slice(0, 12),
    IsInfra: e.IsInfra,
    Labels: e.Labels ?? {},
    Mounts: `[${e.Mounts.join(" ")}]`,
    Names: e.Names.join(","),
    Namespaces: {
      Cgroup: e.Namespaces.Cgroup ?? "",
      IPC: e.Namespaces.Ipc ?? "",
      MNT: e.Namespaces.Mnt ?? "",
      NET: e.Namespaces.Net ?? "",
      PIDNS: e.Namespaces.Pidns ?? "",
      User: e.Namespaces.User ?? "",
      UTS: e.Namespaces.Uts ?? "",
    },
    Networks: e.Networks.join(","),
    Pid: e.Pid,
    Pod: noTrunc ? e.Pod : e.Pod.slice(0, 12),
    PodName: e.PodName,
    Ports: portsText(e.Ports),
    RunningFor: timeAgo(e.Created * 1000, now),
    Size: sizeText(e),
    StartedAt: e.StartedAt,
    State: e.State,
    Status: e.Status,
  };
}

/** Podman's header texts where they differ from the field name split into words. */
export const PS_HEADERS: Record<string, string> = {
  ID: "CONTAINER ID",
  CreatedHuman: "CREATED",
  Pod: "POD ID",
  PodName: "PODNAME",
  "Namespaces.Cgroup": "CGROUPNS",
  "Namespaces.User": "USERNS",
};

/** `ps --ns`: Podman's namespace table. */
export const NS_FORMAT =
  "table {{.ID}}\t{{.Names}}\t{{.Pid}}\t{{.Namespaces.Cgroup}}\t{{.Namespaces.IPC}}\t{{.Namespaces.MNT}}\t{{.Namespaces.NET}}\t{{.Namespaces.PIDNS}}\t{{.Namespaces.User}}\t{{.Namespaces.UTS}}";

/** Sorts entries in place by a `--sort` key (ascending, like Podman). */
export function sortEntries(entries: ContainerListEntry[], key: string): void {
  if (!SORT_KEYS.includes(key)) {
    const msg = `invalid argument "${key}" for "--sort" flag: "${key}" is not a valid value.  Choose from: "${SORT_KEYS.join(", ")}"`;
    const err = new TspodError("invalid_argument", msg);
    Object.defineProperty(err, "message", { value: msg });
    throw err;
  }
  const by: Record<string, (e: ContainerListEntry) => string | number> = {
    command: (e) => e.Command.join(" "),
    created: (e) => e.Created,
    id: (e) => e.Id,
    image: (e) => e.Image,
    names: (e) => e.Names.join(","),
    runningfor: (e) => e.Created,
    size: (e) => (e.Size ? e.Size.rootFsSize + e.Size.rwSize : 0),
    status: (e) => e.Status,
  };
  const f = by[key]!;
  entries.sort((a, b) => {
    const x = f(a);
    const y = f(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
