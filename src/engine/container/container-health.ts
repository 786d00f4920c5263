/**
 * Healthchecks without systemd: `healthcheck run` executes the container's check through the OCI
 * runtime and records the result (status, failing streak, last 5 results) in
 * `<graphroot>/containers/<id>/healthcheck.json`; a per-container timer process (see
 * container-health-timer.ts) runs it every interval while the container runs.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import type { HealthConfig, HealthResults } from "../../define/health-types.ts";
import { runtimeExec } from "../../oci/runtime-exec-capture.ts";
import { atomicWriteFile } from "../../util/atomic-write.ts";
import { lockFile } from "../../util/file-lock.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord, ContainerSummary } from "./container-record.ts";
import { ZERO_TIME } from "./container-record.ts";
import { mustGet, syncExit } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { killContainer, startContainer } from "./container-lifecycle.ts";

export const HEALTH_DEFAULTS = { interval: 30e9, timeout: 30e9, startPeriod: 0, retries: 3 };
const MAX_LOG = 5;
const MAX_OUTPUT = 4096;

/** The container's effective healthcheck, or undefined when it has none (or `NONE`). */
export function healthConfigOf(rec: ContainerSummary): HealthConfig | undefined {
  const hc = rec.config.healthcheck;
  if (!hc || hc.Test.length === 0 || hc.Test[0] === "NONE") return undefined;
  return hc;
}

function healthFile(rt: Runtime, id: string): string {
  return path.join(rt.rootfs.dir(id), "healthcheck.json");
}

export function readHealth(rt: Runtime, id: string): HealthResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(healthFile(rt, id), "utf8")) as HealthResults;
  } catch {
    return undefined;
  }
}

/** Resets the results when the container starts (Podman: "starting", no streak). */
export function resetHealth(rt: Runtime, id: string): void {
  atomicWriteFile(healthFile(rt, id), JSON.stringify({ Status: "starting", FailingStreak: 0, Log: [] } satisfies HealthResults));
}

function commandOf(hc: HealthConfig): string[] {
  const [kind, ...rest] = hc.Test;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  if (kind === "CMD") return rest;
  return hc.Test; // a bare argv
}

export type HealthStatus = "healthy" | "unhealthy" | "starting";

/** An error whose message is exactly Podman's text (no ": cause" suffix). */
function plainError(code: "invalid_argument" | "ctr_state_invalid", message: string): TspodError {
  const err = new TspodError(code, message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}

/** Runs the healthcheck once: whether it passed, and the container's health afterwards. */
export async function runHealthcheck(rt: Runtime, id: string): Promise<{ passed: boolean; status: HealthStatus }> {
  const rec = mustGet(rt, id);
  syncExit(rt, rec);
  if (rec.state.status !== "running") throw plainError("ctr_state_invalid", `container ${id} is not running`);
  const hc = healthConfigOf(rec);
  if (!hc) throw plainError("invalid_argument", `container ${id} has no defined healthcheck`);
  const proc = rec.config.spec.process;
  const start = new Date().toISOString();
  const res = await runtimeExec({
    runtimePath: rt.oci.path,
    stateDir: path.join(rt.settings.runroot, rt.settings.runtimeName),
    id,
    args: commandOf(hc),
    env: proc?.env ?? rec.config.env,
    cwd: proc?.cwd ?? (rec.config.workdir || "/"),
    user: proc?.user ? { uid: proc.user.uid, gid: proc.user.gid } : undefined,
    timeoutMs: (hc.Timeout || HEALTH_DEFAULTS.timeout) / 1e6,
  });
  const end = new Date().toISOString();
  const file = healthFile(rt, id);
  const release = await lockFile(`${file}.lck`);
  let status: HealthStatus;
  let changed = false;
  try {
    const h = readHealth(rt, id) ?? { Status: "starting", FailingStreak: 0, Log: [] };
    const output = res.timedOut ? `Healthcheck command timed out` : res.output.slice(0, MAX_OUTPUT);
    h.Log = [...(h.Log ?? []), { Start: start, End: end, ExitCode: res.code, Output: output }].slice(-MAX_LOG);
    const before = h.Status;
    if (res.code === 0) {
      h.Status = "healthy";
      h.FailingStreak = 0;
    } else {
      const startPeriodMs = (hc.StartPeriod ?? 0) / 1e6;
      const inStartPeriod = rec.state.startedAt !== ZERO_TIME && Date.now() - Date.parse(rec.state.startedAt) < startPeriodMs;
      if (!inStartPeriod || h.Status === "healthy") {
        h.FailingStreak += 1;
        if (h.FailingStreak >= (hc.Retries || HEALTH_DEFAULTS.retries)) h.Status = "unhealthy";
      }
    }
    status = (h.Status || "starting") as HealthStatus;
    changed = before !== h.Status;
    atomicWriteFile(file, JSON.stringify(h));
  } finally {
    release();
  }
  emitContainerEvent(rt, rec, "health_status", { health_status: status });
  if (changed && status === "unhealthy") await onFailure(rt, rec);
  return { passed: res.code === 0, status };
}

/** --health-on-failure: what to do when the container turns unhealthy. */
async function onFailure(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const action = rec.config.healthOnFailure ?? "none";
  const id = rec.config.id;
  if (action === "none") return;
  if (action === "kill") return killContainer(rt, id, "KILL");
  await stopForHealth(rt, rec);
  if (action === "restart") {
    resetHealth(rt, id);
    await startContainer(rt, id);
  }
}

async function stopForHealth(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const id = rec.config.id;
  try {
    await killContainer(rt, id, String(rec.config.stopSignal || 15));
  } catch {
    return;
  }
  const deadline = Date.now() + (rec.config.stopTimeout || 10) * 1000;
  while (rt.oci.readExitCode(rt.exitDir, id) === undefined && Date.now() < deadline) await Bun.sleep(50);
  if (rt.oci.readExitCode(rt.exitDir, id) === undefined) {
    await killContainer(rt, id, "KILL").catch(() => undefined);
    await rt.oci.waitExit(rt.exitDir, id, AbortSignal.timeout(10_000)).catch(() => undefined);
  }
}
