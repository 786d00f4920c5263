/**
 * A running container's cgroup, found through /proc/<pid>/cgroup of its init process: the
 * processes in it (cgroup.procs) and the usage counters (cgroup v1 controllers, or v2 files).
 */
import fs from "node:fs";
import path from "node:path";

const CGROUP_ROOT = "/sys/fs/cgroup";

export interface CgroupPaths {
  /** controller name → directory (v1), and "" → the v2 (unified) directory */
  dirs: Map<string, string>;
  /** true on a pure cgroup v2 host */
  unified: boolean;
}

function readOr(file: string, fallback = ""): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

export function cgroupPaths(pid: number): CgroupPaths {
  const dirs = new Map<string, string>();
  const unified = fs.existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"));
  for (const line of readOr(`/proc/${pid}/cgroup`).split("\n")) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const [, controllers, rel] = m as unknown as [string, string, string];
    if (controllers === "") {
      dirs.set("", path.join(unified ? CGROUP_ROOT : path.join(CGROUP_ROOT, "unified"), rel));
      continue;
    }
    for (const c of controllers.split(",")) dirs.set(c.replace(/^name=/, ""), path.join(CGROUP_ROOT, controllers, rel));
  }
  return { dirs, unified };
}

/** Every pid in the container's cgroup (falls back to the init pid alone). */
export function cgroupPids(pid: number): number[] {
  const { dirs } = cgroupPaths(pid);
  for (const key of ["pids", "memory", "cpu", "systemd", ""]) {
    const dir = dirs.get(key);
    if (!dir) continue;
    const text = readOr(path.join(dir, "cgroup.procs"));
    const pids = text.split("\n").filter(Boolean).map(Number);
    if (pids.length) return pids.sort((a, b) => a - b);
  }
  return [pid];
}

export interface CgroupUsage {
  cpuNanos: number;
  memUsage: number;
  memLimit: number;
  pids: number;
  blockRead: number;
  blockWrite: number;
}

function num(text: string): number {
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : 0;
}

function hostMemory(): number {
  const m = /MemTotal:\s+(\d+) kB/.exec(readOr("/proc/meminfo"));
  return m ? Number(m[1]) * 1024 : 0;
}

export function cgroupUsage(pid: number): CgroupUsage {
  const { dirs, unified } = cgroupPaths(pid);
  const v2 = dirs.get("");
  const hostMem = hostMemory();
  if (unified && v2) {
    const cpu = /usage_usec (\d+)/.exec(readOr(path.join(v2, "cpu.stat")));
    const max = readOr(path.join(v2, "memory.max")).trim();
    let r = 0;
    let w = 0;
    for (const line of readOr(path.join(v2, "io.stat")).split("\n")) {
      r += Number(/rbytes=(\d+)/.exec(line)?.[1] ?? 0);
      w += Number(/wbytes=(\d+)/.exec(line)?.[1] ?? 0);
    }
    return {
      cpuNanos: cpu ? Number(cpu[1]) * 1000 : 0,
      memUsage: num(readOr(path.join(v2, "memory.current"), "0")),
      memLimit: max === "max" || max === "" ? hostMem : Math.min(num(max), hostMem),
      pids: num(readOr(path.join(v2, "pids.current"), "0")),
      blockRead: r,
      blockWrite: w,
    };
  }
  const mem = dirs.get("memory") ?? "";
  const limit = num(readOr(path.join(mem, "memory.limit_in_bytes"), "0"));
  let r = 0;
  let w = 0;
  for (const line of readOr(path.join(dirs.get("blkio") ?? "", "blkio.throttle.io_service_bytes")).split("\n")) {
    const m = /^\S+ (Read|Write) (\d+)$/.exec(line.trim());
    if (m?.[1] === "Read") r += Number(m[2]);
    if (m?.[1] === "Write") w += Number(m[2]);
  }
  // memory.usage_in_bytes includes the page cache; Podman subtracts inactive file pages.
  const stat = readOr(path.join(mem, "memory.stat"));
  const inactive = Number(/^total_inactive_file (\d+)$/m.exec(stat)?.[1] ?? 0);
  const usage = num(readOr(path.join(mem, "memory.usage_in_bytes"), "0"));
  return {
    cpuNanos: num(readOr(path.join(dirs.get("cpuacct") ?? "", "cpuacct.usage"), "0")),
    memUsage: Math.max(0, usage - inactive),
    memLimit: limit > 0 && limit < hostMem ? limit : hostMem,
    pids: num(readOr(path.join(dirs.get("pids") ?? "", "pids.current"), "0")),
    blockRead: r,
    blockWrite: w,
  };
}

/** Bytes received and sent on the container's interfaces except loopback (/proc/<pid>/net/dev). */
export function netUsage(pid: number): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of readOr(`/proc/${pid}/net/dev`).split("\n").slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === "lo") continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
  }
  return { rx, tx };
}
