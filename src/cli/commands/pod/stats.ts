import { setTimeout as sleep } from "node:timers/promises";
import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import type { ContainerStatsEntry } from "../../../domain/container-exec-engine.ts";
import { goHumanSize } from "../../../util/human-duration.ts";
import type { Engines } from "../../../domain/engines.ts";

const pct = (n: number) => `${n.toFixed(2)}%`;
const pair = (a: number, b: number) => `${goHumanSize(a)} / ${goHumanSize(b)}`;


/** A member that is not running: Podman lists it with dashes. */
function idleRow(pod: string, id: string, name: string) {
  return { Pod: pod.slice(0, 12), CID: id.slice(0, 12), Name: name, CPU: "--", MemUsage: "-- / --", MemUsageBytes: "-- / --", Mem: "--", NetIO: "-- / --", BlockIO: "-- / --", PIDS: "--" };
}

function row(pod: string, s: ContainerStatsEntry) {
  return {
    Pod: pod.slice(0, 12),
    CID: s.ContainerID.slice(0, 12),
    Name: s.Name,
    CPU: pct(s.CPU),
    MemUsage: pair(s.MemUsage, s.MemLimit),
    MemUsageBytes: pair(s.MemUsage, s.MemLimit),
    Mem: pct(s.MemPerc),
    NetIO: pair(s.NetInput, s.NetOutput),
    BlockIO: pair(s.BlockInput, s.BlockOutput),
    PIDS: String(s.PIDs),
  };
}

const DEFAULT_FORMAT = "table {{.Pod}}\t{{.CID}}\t{{.Name}}\t{{.CPU}}\t{{.MemUsage}}\t{{.Mem}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}";
const HEADERS = { Pod: "POD", CID: "CID", Name: "NAME", CPU: "CPU %", MemUsage: "MEM USAGE/ LIMIT", Mem: "MEM %", NetIO: "NET IO", BlockIO: "BLOCK IO", PIDS: "PIDS" };

async function collect(engines: Engines, pods: string[]) {
  const out: ReturnType<typeof row>[] = [];
  for (const pod of pods) {
    const ids = await engines.pods.containerIds(pod, { running: true });
    const info = await engines.pods.inspect(pod);
    const stats = ids.length ? await engines.containerExec.stats(ids, false) : [];
    // Podman's order: by container id, idle members included
    for (const c of [...info.Containers].sort((a, b) => a.Id.localeCompare(b.Id))) {
      const s = stats.find((x) => x.ContainerID === c.Id);
      out.push(s ? row(info.Id, s) : idleRow(info.Id, c.Id, c.Name));
    }
  }
  return out;
}

export const command: CommandSpec = {
  use: "stats [options] [POD...]",
  short: "Display a live stream of resource usage statistics for the containers in one or more pods",
  long: "Display the containers' CPU, memory, network I/O, block I/O and PIDs for one or more pods.",
  examples: ["tspod pod stats", "tspod pod stats --no-stream mypod"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Provide stats for all pods" },
    { name: "format", type: "string", description: "Pretty-print container statistics to JSON or using a Go template" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" },
    { name: "no-reset", type: "bool", description: "Disable resetting the screen when streaming" },
    { name: "no-stream", type: "bool", description: "Disable streaming stats and only pull the first result" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let pods = parsed.args;
    if (pods.length === 0 || bool(f, "all")) pods = (await engines.pods.list({ filters: [] })).map((p) => p.Id);
    if (bool(f, "latest")) pods = (await engines.pods.list({ filters: [] })).sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created)).slice(0, 1).map((p) => p.Id);
    const format = str(f, "format");
    const stream = !bool(f, "no-stream");
    for (;;) {
      const rows = await collect(engines, pods);
      if (stream && !bool(f, "no-reset") && ctx.stdoutIsTty) ctx.out("\x1b[2J\x1b[0;0H");
      ctx.out(renderFormat({ format, rows, defaultFormat: DEFAULT_FORMAT, headers: HEADERS, jsonIndent: 4 }));
      if (!stream) return 0;
      await sleep(5000);
    }
  },
};
