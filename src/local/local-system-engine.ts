/** SystemEngine: `tspod info` from the host, the stores and the configured binaries. */
import fs from "node:fs";
import os from "node:os";
import type { SystemEngine } from "../domain/system-engine.ts";
import type { InfoReport } from "../define/system-types.ts";
import type { Runtime } from "../engine/runtime.ts";
import { execCommand } from "../util/exec.ts";
import { clientVersion } from "./version-info.ts";
import { syncExit } from "../engine/container/container-sync.ts";

function osRelease(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const line of fs.readFileSync("/etc/os-release", "utf8").split("\n")) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) out[m[1]!] = m[2]!.replace(/^"|"$/g, "");
    }
  } catch {
    // not a standard distribution
  }
  return out;
}

async function firstLine(argv: string[]): Promise<string> {
  try {
    const res = await execCommand(argv);
    return (res.stdout || res.stderr).split("\n")[0]!.trim();
  } catch {
    return "";
  }
}

export class LocalSystemEngine implements SystemEngine {
  constructor(private readonly rt: Runtime) {}

  async info(): Promise<InfoReport> {
    const s = this.rt.settings;
    const rel = osRelease();
    const records = this.rt.state.listContainerSummaries();
    for (const r of records) syncExit(this.rt, r);
    const count = (st: string) => records.filter((r) => r.state.status === st).length;
    const [conmonVersion, runtimeVersion] = await Promise.all([firstLine([s.conmonPath, "--version"]), this.rt.oci.version()]);
    const uptime = os.uptime();
    return {
      host: {
        arch: process.arch === "x64" ? "amd64" : process.arch,
        os: "linux",
        kernel: os.release(),
        hostname: os.hostname(),
        memTotal: os.totalmem(),
        memFree: os.freemem(),
        cpus: os.cpus().length,
        cgroupManager: "cgroupfs",
        cgroupVersion: fs.existsSync("/sys/fs/cgroup/cgroup.controllers") ? "v2" : "v1",
        conmon: { path: s.conmonPath, package: "", version: conmonVersion },
        ociRuntime: { name: s.runtimeName, path: s.runtimePath, package: "", version: runtimeVersion },
        distribution: { distribution: rel.ID ?? "", version: rel.VERSION_ID ?? "", codename: rel.VERSION_CODENAME ?? "" },
        uptime: `${Math.floor(uptime / 3600)}h ${Math.floor((uptime % 3600) / 60)}m ${Math.floor(uptime % 60)}s`,
        security: { rootless: process.getuid?.() !== 0, seccompEnabled: true, seccompProfilePath: s.conf.containers.seccompProfile },
        networkBackend: "netavark",
      },
      store: {
        configFile: s.conf.files.at(-1) ?? "",
        graphRoot: s.root,
        runRoot: s.runroot,
        graphDriverName: this.rt.rootfs.defaultDriver(),
        containerStore: { number: records.length, running: count("running"), stopped: records.length - count("running") - count("paused"), paused: count("paused") },
        imageStore: { number: this.rt.images.list().length },
      },
      registries: { search: this.rt.registries.unqualifiedSearchRegistries },
      plugins: { network: ["bridge", "macvlan"], volume: ["local"], log: ["k8s-file", "none", "passthrough"] },
      version: clientVersion(),
    };
  }
}
