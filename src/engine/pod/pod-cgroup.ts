/**
 * The pod's cgroup: every member's cgroup lives under it, so limits written here (`pod create
 * --cpus/--memory/…`) bound the whole pod. Created before the infra container starts; removed
 * with the pod. cgroup v1 controllers (this host's hybrid layout) or a v2 unified tree.
 */
import fs from "node:fs";
import path from "node:path";
import type { PodConfig } from "./pod-record.ts";

const CGROUP_ROOT = "/sys/fs/cgroup";

function isV2(): boolean {
  return fs.existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"));
}

function writeIfPresent(file: string, value: string): void {
  if (fs.existsSync(file)) fs.writeFileSync(file, value);
}

/** The files to write for the pod's limits: directory (relative to the cgroup root) → file → value. */
export function podCgroupFiles(pod: PodConfig, v2: boolean): Map<string, Record<string, string>> {
  const r = pod.resources;
  const out = new Map<string, Record<string, string>>();
  const add = (dir: string, file: string, value: string) => out.set(dir, { ...(out.get(dir) ?? {}), [file]: value });
  if (v2) {
    if (r.memory > 0) add("", "memory.max", String(r.memory));
    if (r.cpuQuota > 0) add("", "cpu.max", `${r.cpuQuota} ${r.cpuPeriod || 100000}`);
    if (r.cpusetCpus) add("", "cpuset.cpus", r.cpusetCpus);
    return out;
  }
  if (r.memory > 0) add("memory", "memory.limit_in_bytes", String(r.memory));
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
    for (const [file, value] of Object.entries(files)) writeIfPresent(path.join(dir, file), value);
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
