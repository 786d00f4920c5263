/**
 * The per-container healthcheck timer (what Podman asks systemd for): a detached
 * `tspod healthcheck timer ID` process, started with the container, whose pid sits in
 * `<bundle>/healthcheck-timer.pid`. It runs the check every interval and exits when the
 * container no longer runs, when another timer replaced it, or when cleanup stops it.
 */
import fs from "node:fs";
import path from "node:path";
import { sleep } from "../../util/sleep.ts";
import { spawnDetached } from "../../util/spawn-detached.ts";
import { processAlive } from "../../util/process-alive.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { syncExit } from "./container-sync.ts";
import { HEALTH_DEFAULTS, healthConfigOf, resetHealth, runHealthcheck } from "./container-health.ts";

function pidFile(rt: Runtime, id: string): string {
  return path.join(rt.bundleDir(id), "healthcheck-timer.pid");
}

function readPid(file: string): number {
  try {
    return Number(fs.readFileSync(file, "utf8").trim()) || 0;
  } catch {
    return 0;
  }
}

/** Resets the health results and starts the timer when the container has a scheduled healthcheck. */
export function startHealthTimer(rt: Runtime, rec: ContainerRecord): void {
  const hc = healthConfigOf(rec);
  if (!hc) return;
  resetHealth(rt, rec.config.id);
  if (hc.Interval !== undefined && hc.Interval <= 0) return; // --health-interval=disable: manual runs only
  spawnDetached(rt.selfArgv(["healthcheck", "timer", rec.config.id]), rt.settings.env);
}

/** Stops the container's timer (cleanup, removal). */
export function stopHealthTimer(rt: Runtime, id: string): void {
  const file = pidFile(rt, id);
  const pid = readPid(file);
  if (pid > 0 && pid !== process.pid && processAlive(pid)) {
    try {
      // SIGKILL: the timer holds nothing that dies badly (flocks are released, files are written by rename).
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  fs.rmSync(file, { force: true });
}

/** The timer process's loop. */
export async function healthTimerLoop(rt: Runtime, id: string, signal?: AbortSignal): Promise<void> {
  const file = pidFile(rt, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  for (;;) {
    const rec = rt.state.getContainer(id);
    if (!rec) return;
    const hc = healthConfigOf(rec);
    if (!hc) return;
    try {
      await sleep((hc.Interval || HEALTH_DEFAULTS.interval) / 1e6, signal);
    } catch {
      return;
    }
    if (readPid(file) !== process.pid) return; // replaced by a newer timer, or stopped
    const now = rt.state.getContainer(id);
    if (!now) return;
    syncExit(rt, now);
    if (now.state.status !== "running") return;
    try {
      await runHealthcheck(rt, id);
    } catch (err) {
      rt.log.debug(`healthcheck of ${id}: ${(err as Error).message}`);
    }
  }
}
