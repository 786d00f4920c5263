/** The process resource limits of this host (read from /proc/self/limits), keyed by OCI rlimit name. */
import fs from "node:fs";

export interface Limit {
  soft: number;
  hard: number;
}

const NAMES: Record<string, string> = {
  "Max cpu time": "RLIMIT_CPU",
  "Max file size": "RLIMIT_FSIZE",
  "Max data size": "RLIMIT_DATA",
  "Max stack size": "RLIMIT_STACK",
  "Max core file size": "RLIMIT_CORE",
  "Max resident set": "RLIMIT_RSS",
  "Max processes": "RLIMIT_NPROC",
  "Max open files": "RLIMIT_NOFILE",
  "Max locked memory": "RLIMIT_MEMLOCK",
  "Max address space": "RLIMIT_AS",
  "Max file locks": "RLIMIT_LOCKS",
  "Max pending signals": "RLIMIT_SIGPENDING",
  "Max msgqueue size": "RLIMIT_MSGQUEUE",
  "Max nice priority": "RLIMIT_NICE",
  "Max realtime priority": "RLIMIT_RTPRIO",
  "Max realtime timeout": "RLIMIT_RTTIME",
};

/** "unlimited" is reported as 2^64-1 like the kernel's RLIM_INFINITY (as a JS number). */
export const RLIM_INFINITY = 18446744073709551615;

export function parseProcLimits(text: string): Record<string, Limit> {
  const out: Record<string, Limit> = {};
  for (const line of text.split("\n").slice(1)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = NAMES[m[1]!.trim()];
    if (!name) continue;
    const num = (s: string) => (s === "unlimited" ? RLIM_INFINITY : Number(s));
    out[name] = { soft: num(m[2]!), hard: num(m[3]!) };
  }
  return out;
}

export function readHostLimits(): Record<string, Limit> {
  return parseProcLimits(fs.readFileSync("/proc/self/limits", "utf8"));
}
