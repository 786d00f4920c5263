/**
 * Signals a runc container's init process the way `runc kill` does, without running runc.
 *
 * `runc kill ID SIG` reads `<runc root>/<id>/state.json`, checks that the recorded init pid still
 * belongs to the container (its start time in /proc/<pid>/stat matches `init_process_start`) and
 * sends the signal. Doing that here saves starting a Go binary (5–10 ms) on every stop and kill —
 * 50 of them in `rm -af`. `--all` (every process of the container) is the same as signalling init
 * only for SIGKILL in a container with its own PID namespace, where the kernel kills the rest;
 * anything else returns false and the caller runs `runc kill`.
 */
import fs from "node:fs";
import path from "node:path";

const SIGKILL = 9;

interface RuncState {
  init_process_pid?: number;
  init_process_start?: number | string;
  config?: { namespaces?: { type: string; path?: string }[] };
}

/** Returns false when the signal could not be delivered here (use `runc kill` instead). */
export function signalInitDirectly(stateDir: string, id: string, signal: string, all: boolean): boolean {
  const number = /^\d+$/.test(signal) ? Number(signal) : /^(SIG)?KILL$/i.test(signal) ? SIGKILL : undefined;
  if (number === undefined) return false;
  let state: RuncState;
  try {
    state = JSON.parse(fs.readFileSync(path.join(stateDir, id, "state.json"), "utf8")) as RuncState;
  } catch {
    return false;
  }
  const pid = state.init_process_pid;
  if (!pid || pid <= 0 || String(state.init_process_start) !== processStartTime(pid)) return false;
  if (all && !(number === SIGKILL && ownsPidNamespace(state))) return false;
  try {
    process.kill(pid, number);
    return true;
  } catch {
    return false;
  }
}

function ownsPidNamespace(state: RuncState): boolean {
  return (state.config?.namespaces ?? []).some((ns) => ns.type === "NEWPID" && !ns.path);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or "" when the process is gone. */
function processStartTime(pid: number): string {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
  // the command name (field 2) may contain spaces and parentheses: count from the last ")"
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? "";
}
