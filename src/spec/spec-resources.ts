/**
 * `linux.resources` for the container's cgroup: the device allow list, pids, memory and CPU, with
 * Podman's consistency rules (swap needs a memory limit and must exceed it; CFS period/quota bounds).
 */
import { exactError } from "../errors/tspod-error.ts";
import type { OciDevice, OciResources } from "./oci-spec-types.ts";
import type { SpecDevice, SpecResources } from "./spec-options.ts";

export interface ResourceRequest {
  privileged: boolean;
  pidsLimit?: number;
  resources?: SpecResources;
  devices?: SpecDevice[];
}

export function buildResources(req: ResourceRequest): OciResources {
  const out: OciResources = { devices: [{ allow: req.privileged, access: "rwm" }] };
  for (const d of req.devices ?? []) {
    out.devices!.push({ allow: true, type: d.type, major: d.major, minor: d.minor, access: d.access });
  }
  const r = req.resources ?? {};
  validate(r);
  const memory: NonNullable<OciResources["memory"]> = {};
  if (r.memory !== undefined && r.memory > 0) memory.limit = r.memory;
  if (r.memoryReservation !== undefined && r.memoryReservation > 0) memory.reservation = r.memoryReservation;
  if (r.memorySwap !== undefined && r.memorySwap !== 0) memory.swap = r.memorySwap;
  else if (memory.limit !== undefined) memory.swap = memory.limit * 2;
  if (Object.keys(memory).length > 0) out.memory = memory;
  const cpu: NonNullable<OciResources["cpu"]> = {};
  if (r.cpuShares !== undefined && r.cpuShares > 0) cpu.shares = r.cpuShares;
  if (r.cpuQuota !== undefined && r.cpuQuota > 0) cpu.quota = r.cpuQuota;
  if (r.cpuPeriod !== undefined && r.cpuPeriod > 0) cpu.period = r.cpuPeriod;
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  if (r.cpusetMems) cpu.mems = r.cpusetMems;
  if (Object.keys(cpu).length > 0) out.cpu = cpu;
  if (req.pidsLimit !== undefined && req.pidsLimit > 0) out.pids = { limit: req.pidsLimit };
  return out;
}

function validate(r: SpecResources): void {
  if (r.memorySwap !== undefined && r.memorySwap !== 0) {
    if (r.memory === undefined || r.memory <= 0) {
      throw exactError("invalid_argument", "you should always set a memory limit when using a memoryswap limit, see usage");
    }
    if (r.memorySwap !== -1 && r.memorySwap < r.memory) {
      throw exactError("invalid_argument", "minimum memoryswap limit should be larger than memory limit, see usage");
    }
  }
  if (r.memory !== undefined && r.memoryReservation !== undefined && r.memory > 0 && r.memoryReservation > r.memory) {
    throw exactError("invalid_argument", "minimum memory limit cannot be less than memory reservation limit, see usage");
  }
  if (r.cpuPeriod !== undefined && r.cpuPeriod !== 0 && (r.cpuPeriod < 1000 || r.cpuPeriod > 1_000_000)) {
    throw exactError("invalid_argument", "CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
  }
  if (r.cpuQuota !== undefined && r.cpuQuota > 0 && r.cpuQuota < 1000) {
    throw exactError("invalid_argument", "CPU cfs quota cannot be less than 1ms (i.e. 1000)");
  }
}

/** The `linux.devices` entries (device nodes runc creates in the container's /dev). */
export function buildDevices(devices: SpecDevice[]): OciDevice[] {
  return devices.map((d) => ({ path: d.path, type: d.type, major: d.major, minor: d.minor, fileMode: d.fileMode, uid: d.uid, gid: d.gid }));
}
