/**
 * `top`: the container's processes (from its cgroup) read from /proc, with Podman's (psgo's)
 * format descriptors. Users and groups are named from the container's /etc/passwd and /etc/group.
 */
import fs from "node:fs";
import { TspodError } from "../../errors/tspod-error.ts";
import type { TopReport } from "../../domain/container-exec-engine.ts";

const CLK_TCK = 100;

interface ProcInfo {
  hostPid: number;
  nsPid: number;
  nsPpid: number;
  comm: string;
  state: string;
  pgid: number;
  nice: number;
  startTicks: number;
  cpuTicks: number;
  vszKb: number;
  rssKb: number;
  ttyNr: number;
  args: string;
  ruid: number;
  euid: number;
  rgid: number;
  egid: number;
}

interface Descriptor {
  header: string;
  value(p: ProcInfo, ctx: TopContext): string;
}

interface TopContext {
  now: number;
  bootTime: number;
  users: Map<number, string>;
  groups: Map<number, string>;
  hostUsers: Map<number, string>;
  hostGroups: Map<number, string>;
}

/** Go's time.Duration String() for a duration in seconds (e.g. "1m2.5s", "0s"). */
export function goDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  const sText = `${Number.isInteger(s) ? s : s.toFixed(9).replace(/0+$/, "")}s`;
  if (h > 0) return `${h}h${m}m${sText}`;
  if (m > 0) return `${m}m${sText}`;
  return sText;
}

function ttyName(nr: number): string {
  if (nr === 0) return "?";
  const major = (nr >> 8) & 0xfff;
  const minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
  if (major === 136) return `pts/${minor}`;
  if (major === 4) return `tty${minor}`;
  return "?";
}

const name = (m: Map<number, string>, id: number) => m.get(id) ?? String(id);

export const DESCRIPTORS: Record<string, Descriptor> = {
  args: { header: "COMMAND", value: (p) => p.args || `[${p.comm}]` },
  comm: { header: "COMMAND", value: (p) => p.comm },
  etime: { header: "ELAPSED", value: (p, c) => goDuration(Math.max(0, (c.now - (c.bootTime + p.startTicks / CLK_TCK)))) },
  group: { header: "GROUP", value: (p, c) => name(c.groups, p.egid) },
  hgroup: { header: "HGROUP", value: (p, c) => name(c.hostGroups, p.egid) },
  hpid: { header: "HPID", value: (p) => String(p.hostPid) },
  huser: { header: "HUSER", value: (p, c) => name(c.hostUsers, p.euid) },
  nice: { header: "NI", value: (p) => String(p.nice) },
  pcpu: {
    header: "%CPU",
    value: (p, c) => {
      const elapsed = c.now - (c.bootTime + p.startTicks / CLK_TCK);
      return elapsed > 0 ? ((p.cpuTicks / CLK_TCK / elapsed) * 100).toFixed(3) : "0.000";
    },
  },
  pgid: { header: "PGID", value: (p) => String(p.pgid) },
  pid: { header: "PID", value: (p) => String(p.nsPid) },
  ppid: { header: "PPID", value: (p) => String(p.nsPpid) },
  rgroup: { header: "RGROUP", value: (p, c) => name(c.groups, p.rgid) },
  rss: { header: "RSS", value: (p) => String(p.rssKb) },
  ruser: { header: "RUSER", value: (p, c) => name(c.users, p.ruid) },
  state: { header: "STATE", value: (p) => p.state },
  time: { header: "TIME", value: (p) => goDuration(Math.floor(p.cpuTicks / CLK_TCK)) },
  tty: { header: "TTY", value: (p) => ttyName(p.ttyNr) },
  user: { header: "USER", value: (p, c) => name(c.users, p.euid) },
  vsz: { header: "VSZ", value: (p) => String(p.vszKb) },
};

export const DEFAULT_DESCRIPTORS = ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"];

/** ps(1)-style AIX codes Podman accepts too (%C, %p, …). */
const AIX: Record<string, string> = { "%C": "pcpu", "%G": "group", "%P": "ppid", "%U": "user", "%a": "args", "%c": "comm", "%g": "rgroup", "%n": "nice", "%p": "pid", "%r": "pgid", "%t": "etime", "%u": "ruser", "%x": "time", "%y": "tty", "%z": "vsz" };

export function parseDescriptors(args: string[]): string[] {
  const list = args.flatMap((a) => a.split(/[\s,]+/)).filter(Boolean).map((d) => AIX[d] ?? d);
  if (list.length === 0) return DEFAULT_DESCRIPTORS;
  for (const d of list) {
    if (!DESCRIPTORS[d]) throw new TspodError("invalid_argument", `unknown descriptor: ${d}`);
  }
  return list;
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function readProc(pid: number): ProcInfo | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  const status = readOr(`/proc/${pid}/status`);
  if (!stat || !status) return undefined;
  const close = stat.lastIndexOf(")");
  const comm = stat.slice(stat.indexOf("(") + 1, close);
  const f = stat.slice(close + 2).split(" ");
  const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, "m").exec(status)?.[1] ?? "";
  const uids = field("Uid").split(/\s+/).map(Number);
  const gids = field("Gid").split(/\s+/).map(Number);
  const nspid = field("NSpid").split(/\s+/).map(Number);
  const ppidHost = Number(f[1]);
  const ppidNs = readOr(`/proc/${ppidHost}/status`).match(/^NSpid:\s*(.*)$/m)?.[1]?.split(/\s+/).map(Number) ?? [];
  const cmdline = readOr(`/proc/${pid}/cmdline`);
  return {
    hostPid: pid,
    nsPid: nspid[nspid.length - 1] ?? pid,
    // A parent outside the container's pid namespace (conmon, runc) shows as 0, as in ps.
    nsPpid: ppidNs.length === nspid.length ? (ppidNs[ppidNs.length - 1] ?? 0) : 0,
    comm,
    state: f[0] ?? "?",
    pgid: Number(f[2]),
    ttyNr: Number(f[4]),
    cpuTicks: Number(f[11]) + Number(f[12]),
    nice: Number(f[16]),
    startTicks: Number(f[19]),
    vszKb: Math.floor(Number(f[20]) / 1024),
    rssKb: Number(f[21]) * 4,
    args: cmdline.split("\0").filter((s, i, a) => s !== "" || i < a.length - 1).join(" ").trim(),
    ruid: uids[0] ?? 0,
    euid: uids[1] ?? 0,
    rgid: gids[0] ?? 0,
    egid: gids[1] ?? 0,
  };
}

function idNames(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split("\n")) {
    const f = line.split(":");
    if (f.length >= 3 && f[0] && /^\d+$/.test(f[2]!)) if (!m.has(Number(f[2]))) m.set(Number(f[2]), f[0]);
  }
  return m;
}

export function topReport(pids: number[], descriptors: string[], containerFiles: { passwd?: string; group?: string }): TopReport {
  const uptime = Number(readOr("/proc/uptime").split(" ")[0] ?? 0);
  const now = Date.now() / 1000;
  const ctx: TopContext = {
    now,
    bootTime: now - uptime,
    users: idNames(containerFiles.passwd ?? ""),
    groups: idNames(containerFiles.group ?? ""),
    hostUsers: idNames(readOr("/etc/passwd")),
    hostGroups: idNames(readOr("/etc/group")),
  };
  const rows: string[][] = [];
  for (const pid of pids) {
    const p = readProc(pid);
    if (p) rows.push(descriptors.map((d) => DESCRIPTORS[d]!.value(p, ctx)));
  }
  return { headers: descriptors.map((d) => DESCRIPTORS[d]!.header), rows };
}
