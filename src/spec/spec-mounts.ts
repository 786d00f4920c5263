/**
 * The filesystem layout Podman 4.3.1 gives a root container: the default kernel filesystems,
 * /dev/shm, tmpfs on /tmp, /var/tmp and /run for `--read-only`, the engine's bind mounts on top,
 * and the masked and read-only paths. Mounts are ordered parents first, as runc mounts in order.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { OciMount } from "./oci-spec-types.ts";

/** Podman's masked paths (hidden with /dev/null or an empty read-only tmpfs). */
export const MASKED_PATHS: readonly string[] = [
  "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux",
  "/sys/dev/block",
];

/** Podman's read-only paths. */
export const READONLY_PATHS: readonly string[] = [
  "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
];

/** Podman's default `shm_size`. */
export const DEFAULT_SHM_SIZE = "65536k";

/** Engine-provided files that Podman mounts read-only on a `--read-only` container. */
const RO_WITH_ROOTFS = new Set(["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"]);

export interface MountRequest {
  privileged: boolean;
  readOnly: boolean;
  readOnlyTmpfs: boolean;
  shmSize: string;
  extraMounts: OciMount[];
}

export function buildMounts(req: MountRequest): OciMount[] {
  const sysMode = req.privileged ? "rw" : "ro";
  const defaults: OciMount[] = [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "noexec", "strictatime", "mode=755", "size=65536k"] },
    {
      destination: "/sys", type: "sysfs", source: "sysfs",
      options: req.privileged ? ["rprivate", "nosuid", "noexec", "nodev", "rw"] : ["nosuid", "noexec", "nodev", "ro"],
    },
    { destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", `size=${parseSize(req.shmSize)}`] },
    { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["rprivate", "nosuid", "noexec", "nodev", "relatime", sysMode] },
  ];
  if (req.readOnly && req.readOnlyTmpfs) {
    for (const destination of ["/tmp", "/var/tmp", "/run"]) {
      defaults.push({ destination, type: "tmpfs", source: "tmpfs", options: ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"] });
    }
  }
  const extra = req.extraMounts.map((m) => ({ ...m, destination: cleanPath(m.destination), options: extraOptions(m, req.readOnly) }));
  const taken = new Set(extra.map((m) => m.destination));
  const all = [...defaults.filter((m) => !taken.has(m.destination)), ...extra];
  return sortMounts(all);
}

function extraOptions(m: OciMount, readOnly: boolean): string[] {
  const options = [...(m.options ?? [])];
  if (readOnly && RO_WITH_ROOTFS.has(cleanPath(m.destination)) && !options.includes("rw") && !options.includes("ro")) {
    options.push("ro", "nosuid", "noexec", "nodev");
  }
  return options;
}

/** Stable sort by path depth so that a parent is always mounted before what lies under it. */
export function sortMounts(mounts: OciMount[]): OciMount[] {
  const depth = (p: string) => (p === "/" ? 0 : p.split("/").length - 1);
  return mounts
    .map((m, i) => ({ m, i, d: depth(cleanPath(m.destination)) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.m);
}

/** Lexically cleans an absolute container path (`//a/./b/` → `/a/b`, `..` cannot go above `/`). */
export function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

/** `64m`, `65536k`, `1g`, `1024` (bytes), `64mb` → bytes. */
export function parseSize(size: string): number {
  const m = size.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/);
  if (!m) throw new TspodError("invalid_argument", `invalid size: ${size}`);
  const mult = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2] as "" | "b" | "k" | "m" | "g"];
  const bytes = Math.floor(Number(m[1]) * mult);
  if (bytes <= 0) throw new TspodError("invalid_argument", `invalid size: ${size}`);
  return bytes;
}
