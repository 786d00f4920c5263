/**
 * The pod's cgroup: every member's cgroup lives under it, so limits written here (`pod create
 * --cpus/--memory/…`) bound the whole pod. Created before the infra container starts; removed
 * with the pod. cgroup v1 controllers (this host's hybrid layout) or a v2 unified tree.
 */
import fs from "node:fs";
import path from "node:path";
import { exactError } from "../../errors/tspod-error.ts";
import type { PodConfig } from "./pod-record.ts";

const CGROUP_ROOT = "/sys/fs/cgroup";
/** A cpuset value copied from the parent cgroup (v1 cpusets start empty). */
const INHERIT = "inherit";

function isV2(): boolean {
  return fs.existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"));
}

function writeIfPresent(file: string, value: string): void {
  if (!fs.existsSync(file)) return;
  for (const line of value.split("\n")) {
    try {
      fs.writeFileSync(file, line);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      const why = ["ENOTSUP", "EOPNOTSUPP"].includes(code) ? "operation not supported" : code === "EINVAL" ? "invalid argument" : (err as Error).message;
      throw exactError("invalid_argument", `failed to write ${JSON.stringify(line)}: write ${file}: ${why}`);
    }
  }
}

/** v1 cpusets start empty: every level from the root down to `dir` gets its parent's cpus and mems when empty. */
function fillCpusets(root: string, dir: string): void {
  let cur = root;
  for (const part of path.relative(root, dir).split("/").filter(Boolean)) {
    const parent = cur;
    cur = path.join(cur, part);
    fs.mkdirSync(cur, { recursive: true });
    for (const f of ["cpuset.cpus", "cpuset.mems"]) {
      const file = path.join(cur, f);
      if (fs.readFileSync(file, "utf8").trim() === "") fs.writeFileSync(file, fs.readFileSync(path.join(parent, f), "utf8").trim());
    }
  }
}

/** The files to write for the pod's limits: directory (relative to the cgroup root) → file → value. */
export function podCgroupFiles(pod: PodConfig, v2: boolean): Map<string, Record<string, string>> {
  const r = pod.resources;
  const out = new Map<string, Record<string, string>>();
  const add = (dir: string, file: string, value: string) => out.set(dir, { ...(out.get(dir) ?? {}), [file]: value });
  const lines = (dir: string, file: string, values: string[] | undefined, map = (v: string) => v) => {
    if (values?.length) add(dir, file, values.map(map).join("\n"));
  };
  if (v2) {
    if (r.memory > 0) add("", "memory.max", String(r.memory));
    if (r.memory > 0 && r.memorySwap > r.memory) add("", "memory.swap.max", String(r.memorySwap - r.memory));
    if (r.cpuQuota > 0) add("", "cpu.max", `${r.cpuQuota} ${r.cpuPeriod || 100000}`);
    if (r.cpusetCpus) add("", "cpuset.cpus", r.cpusetCpus);
    if (r.cpusetMems) add("", "cpuset.mems", r.cpusetMems);
    if (r.blkioWeight) add("", "io.bfq.weight", String(r.blkioWeight));
    lines("", "io.max", [...(r.deviceReadBps ?? []).map((v) => v.replace(" ", " rbps=")), ...(r.deviceWriteBps ?? []).map((v) => v.replace(" ", " wbps="))]);
    return out;
  }
  if (r.memory > 0) add("memory", "memory.limit_in_bytes", String(r.memory));
  if (r.memory > 0 && r.memorySwap > 0) add("memory", "memory.memsw.limit_in_bytes", String(r.memorySwap));
  if (r.cpusetCpus || r.cpusetMems) {
    add("cpuset", "cpuset.cpus", r.cpusetCpus || INHERIT);
    add("cpuset", "cpuset.mems", r.cpusetMems || INHERIT);
  }
  if (r.blkioWeight) add("blkio", "blkio.bfq.weight", String(r.blkioWeight));
  lines("blkio", "blkio.bfq.weight_device", r.blkioWeightDevice);
  lines("blkio", "blkio.throttle.read_bps_device", r.deviceReadBps);
  lines("blkio", "blkio.throttle.write_bps_device", r.deviceWriteBps);
  if (r.cpuQuota > 0) {
    add("cpu", "cpu.cfs_period_us", String(r.cpuPeriod || 100000));
    add("cpu", "cpu.cfs_quota_us", String(r.cpuQuota));
  }
  if (r.cpuShares > 0) add("cpu", "cpu.shares", String(r.cpuShares));
  return out;
}

/** Creates the pod's cgroup with its limits (nothing to do for a pod without limits). */
export function applyPodCgroup(pod: PodConfig): void {
  const v2 = isV2();
  for (const [controller, files] of podCgroupFiles(pod, v2)) {
    const dir = path.join(CGROUP_ROOT, controller, pod.cgroupPath);
    fs.mkdirSync(dir, { recursive: true });
    if (controller === "cpuset") fillCpusets(path.join(CGROUP_ROOT, controller), dir);
    for (const [file, value] of Object.entries(files)) if (value !== INHERIT) writeIfPresent(path.join(dir, file), value);
  }
}

/** Removes the pod's (empty) cgroup directories. */
export function removePodCgroup(pod: PodConfig): void {
  if (!pod.cgroupPath || pod.cgroupPath === "/") return;
  const roots = isV2() ? [CGROUP_ROOT] : fs.readdirSync(CGROUP_ROOT).map((c) => path.join(CGROUP_ROOT, c));
  for (const root of roots) {
    try {
      fs.rmdirSync(path.join(root, pod.cgroupPath));
    } catch {
      // not created under this controller, or a process still in it
    }
  }
}
