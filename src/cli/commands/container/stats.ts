import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { humanSize } from "../../../util/human-duration.ts";
import type { ContainerStatsEntry } from "../../../domain/container-exec-engine.ts";
import { targets } from "./latest.ts";
import { sleep } from "../../../util/sleep.ts";

const pct = (n: number) => `${n.toFixed(2)}%`;
const pair = (a: number, b: number) => `${humanSize(a)} / ${humanSize(b)}`;

function goDurationNs(ns: number): string {
  if (ns <= 0) return "0s";
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${+(ns / 1e3).toFixed(3)}µs`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(6)}ms`;
  const s = ns / 1e9;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = +(s - h * 3600 - m * 60).toFixed(9);
  return (h ? `${h}h` : "") + (h || m ? `${m}m` : "") + `${rest}s`;
}

/** The row a `--format` template sees (Podman's stats template fields). */
function row(s: ContainerStatsEntry) {
  return {
    ...s,
    ID: s.ContainerID.slice(0, 12),
    CPUPerc: pct(s.CPU),
    MemUsage: pair(s.MemUsage, s.MemLimit),
    MemUsageBytes: pair(s.MemUsage, s.MemLimit),
    MemPerc: pct(s.MemPerc),
    NetIO: pair(s.NetInput, s.NetOutput),
    BlockIO: pair(s.BlockInput, s.BlockOutput),
    PIDS: String(s.PIDs),
    PIDs: String(s.PIDs),
    CPU: goDurationNs(s.CPUNano),
    AVGCPU: pct(s.AvgCPU),
    UpTime: goDurationNs(s.UpTime),
  };
}

const DEFAULT_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.CPU}}\t{{.AVGCPU}}";

export const command: CommandSpec = {
  use: "stats [options] [CONTAINER...]",
  short: "Display a live stream of container resource usage statistics",
  long: "Display percentage of CPU, memory, network I/O, block I/O and PIDs for one or more containers.",
  examples: ["tspod stats --all --no-stream", "tspod stats ctrID", "tspod stats --no-stream --format \"table {{.ID}} {{.Name}} {{.MemUsage}}\" ctrID"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all containers. Only running containers are shown by default. The default is false" },
    { name: "format", type: "string", description: "Pretty-print container statistics to JSON or using a Go template" },
    { name: "interval", short: "i", type: "int", description: "Time in seconds between stats reports", default: 5 },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "no-reset", type: "bool", description: "Disable resetting the screen between intervals" },
    { name: "no-stream", type: "bool", description: "Disable streaming stats and only pull the first result, default setting is false" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    const names = await targets(engines, parsed.args, bool(f, "latest"));
    const stream = !bool(f, "no-stream");
    const interval = Math.max(1, Number(f.interval ?? 5));
    const format = str(f, "format");
    for (;;) {
      const stats = await engines.containerExec.stats(names, bool(f, "all"));
      const rows: object[] = format === "json" ? stats : stats.map(row);
      const text = renderFormat({ format, rows, defaultFormat: DEFAULT_FORMAT, headers: { ID: "ID", CPUPerc: "CPU %", MemUsage: "MEM USAGE / LIMIT", MemPerc: "MEM %", NetIO: "NET IO", BlockIO: "BLOCK IO", PIDS: "PIDS", CPU: "CPU TIME", AVGCPU: "AVG CPU %" }, jsonIndent: 4 });
      if (stream && !bool(f, "no-reset") && ctx.stdoutIsTty) ctx.out("\x1b[2J\x1b[0;0H");
      ctx.out(text);
      if (!stream) return 0;
      await sleep(interval * 1000);
    }
  },
};
