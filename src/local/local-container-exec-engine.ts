/** ContainerExecEngine over the local engine: exec sessions, top, stats, port. */
import type { ContainerExecEngine, ContainerStatsEntry, ExecOptions, ExecResult, PortReport, TopReport } from "../domain/container-exec-engine.ts";
import { expandPorts } from "../network/port-mappings.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import { execInContainer } from "../engine/container/container-exec.ts";
import { cgroupPids, cgroupUsage, netUsage } from "../engine/container/container-cgroup.ts";
import { parseDescriptors, topReport } from "../engine/container/container-top.ts";
import { mustGet, mustLookup, syncExit } from "../engine/container/container-sync.ts";
import type { ContainerRecord } from "../engine/container/container-record.ts";
import { resolveInRoot } from "../storage/rootfs-path.ts";
import fs from "node:fs";
import { compareStrings } from "../util/compare-strings.ts";

function running(rt: Runtime, nameOrId: string): ContainerRecord {
  const rec = mustGet(rt, mustLookup(rt, nameOrId));
  syncExit(rt, rec);
  return rec;
}

function readIn(root: string, p: string): string | undefined {
  try {
    return fs.readFileSync(resolveInRoot(root, p), "utf8");
  } catch {
    return undefined;
  }
}

export class LocalContainerExecEngine implements ContainerExecEngine {
  constructor(private readonly rt: Runtime) {}

  exec(nameOrId: string, opts: ExecOptions, stderr: (data: Uint8Array) => void): Promise<ExecResult> {
    // `-e KEY` takes the caller's value (and is dropped when unset), as in Podman.
    const env = opts.env.flatMap((e) => (e.includes("=") ? [e] : this.rt.settings.env[e] !== undefined ? [`${e}=${this.rt.settings.env[e]}`] : []));
    return execInContainer(this.rt, mustLookup(this.rt, nameOrId), { ...opts, env }, stderr);
  }

  async top(nameOrId: string, descriptors: string[]): Promise<TopReport> {
    const rec = running(this.rt, nameOrId);
    if (rec.state.status !== "running" && rec.state.status !== "paused") {
      throw new TspodError("ctr_state_invalid", `top can only be used on running containers`);
    }
    const ds = parseDescriptors(descriptors);
    const root = rec.state.mountPoint || this.rt.rootfs.mountPoint(rec.config.id);
    return topReport(cgroupPids(rec.state.pid), ds, { passwd: readIn(root, "/etc/passwd"), group: readIn(root, "/etc/group") });
  }

  async stats(nameOrIds: string[], all: boolean): Promise<ContainerStatsEntry[]> {
    let recs: ContainerRecord[];
    if (nameOrIds.length > 0) {
      recs = nameOrIds.map((n) => running(this.rt, n));
      for (const r of recs) {
        if (r.state.status !== "running" && r.state.status !== "paused") {
          throw new TspodError("ctr_state_invalid", `cannot get stats of container ${r.config.id} as it is not running`);
        }
      }
    } else {
      recs = this.rt.state.listContainers();
      for (const r of recs) syncExit(this.rt, r);
      if (!all) recs = recs.filter((r) => r.state.status === "running" || r.state.status === "paused");
      recs.sort((a, b) => compareStrings(a.config.created, b.config.created));
    }
    const now = Date.now();
    return recs.map((r) => {
      const live = r.state.status === "running" || r.state.status === "paused";
      const u = live ? cgroupUsage(r.state.pid) : { cpuNanos: 0, memUsage: 0, memLimit: 0, pids: 0, blockRead: 0, blockWrite: 0 };
      const net = live ? netUsage(r.state.pid) : { rx: 0, tx: 0 };
      const upNanos = live ? Math.max(1, (now - Date.parse(r.state.startedAt)) * 1e6) : 0;
      const cpu = upNanos > 0 ? (u.cpuNanos / upNanos) * 100 : 0;
      return {
        ContainerID: r.config.id,
        Name: r.config.name,
        PerCPU: null,
        CPU: cpu,
        CPUNano: u.cpuNanos,
        CPUSystemNano: 0,
        SystemNano: now * 1e6,
        MemUsage: u.memUsage,
        MemLimit: u.memLimit,
        MemPerc: u.memLimit > 0 ? (u.memUsage / u.memLimit) * 100 : 0,
        NetInput: net.rx,
        NetOutput: net.tx,
        BlockInput: u.blockRead,
        BlockOutput: u.blockWrite,
        PIDs: u.pids,
        UpTime: upNanos,
        Duration: u.cpuNanos,
        AvgCPU: cpu,
      };
    });
  }

  async port(nameOrIds: string[], all: boolean): Promise<PortReport[]> {
    const recs = all ? this.rt.state.listContainers() : nameOrIds.map((n) => mustGet(this.rt, mustLookup(this.rt, n)));
    // Like Podman, only running containers report their mappings.
    return recs
      .filter((r) => (syncExit(this.rt, r), r.state.status === "running" || r.state.status === "paused"))
      .map((r) => ({ id: r.config.id, ports: expandPorts(r.config.net?.ports ?? []) }));
  }
}
