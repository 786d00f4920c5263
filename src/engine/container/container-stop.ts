/**
 * Stopping and signalling containers. `stop` sends the stop signal, waits up to the timeout for
 * conmon to record the exit, then sends SIGKILL (Podman's warning included) and cleans up.
 */
import { sleep } from "../../util/sleep.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import { signalName, signalNumber } from "../../util/signal-number.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { releaseResources } from "./container-init.ts";
import { mustGet, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { processAlive } from "../../util/process-alive.ts";

/** Waits up to `ms` for conmon to record the exit; true when it did (or conmon is gone). */
export async function waitExitFor(rt: Runtime, rec: ContainerRecord, ms: number): Promise<boolean> {
  const id = rec.config.id;
  const deadline = Date.now() + ms;
  let delay = 2;
  for (;;) {
    if (rt.oci.readExitCode(rt.exitDir, id) !== undefined) return true;
    if (rec.state.conmonPid > 0 && !processAlive(rec.state.conmonPid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 50);
  }
}

async function killQuietly(rt: Runtime, id: string, signal: string, all = false): Promise<void> {
  try {
    await rt.oci.kill(id, signal, all);
  } catch {
    // the process is already gone
  }
}

/**
 * Stops a running or paused container whose lock the caller holds, and frees its runtime state
 * and mounts. `timeout` in seconds; default: the container's stop timeout.
 */
export async function stopLocked(rt: Runtime, rec: ContainerRecord, timeout?: number): Promise<void> {
  const id = rec.config.id;
  const secs = timeout ?? rec.config.stopTimeout;
  rec.state.stoppedByUser = true;
  rt.state.saveState(id, rec.state);
  if (rec.state.status === "paused") {
    // A frozen process cannot act on a polite signal: kill it, then thaw so it dies.
    await killQuietly(rt, id, "KILL", true);
    await rt.oci.resume(id).catch(() => undefined);
  } else if (rec.state.status === "running") {
    if (secs > 0) {
      await killQuietly(rt, id, String(rec.config.stopSignal));
      if (!(await waitExitFor(rt, rec, secs * 1000))) {
        rt.log.warn(`StopSignal ${signalName(rec.config.stopSignal)} failed to stop container ${rec.config.name} in ${secs} seconds, resorting to SIGKILL`);
      }
    }
    if (rt.oci.readExitCode(rt.exitDir, id) === undefined) await killQuietly(rt, id, "KILL", true);
  }
  await waitExitFor(rt, rec, 10_000);
  syncExitLocked(rt, rec);
  if (rec.state.status === "created") {
    // initialized but never started: nothing ran, so nothing exited
    rec.state.status = "stopped";
  } else if (rec.state.status === "running" || rec.state.status === "paused") {
    // conmon died before recording the exit (killed, or the host lost its run root): the
    // container was SIGKILLed above, so record it as such rather than leave it "running"
    rec.state.status = "exited";
    rec.state.exitCode = 137;
    rec.state.pid = 0;
    rec.state.finishedAt = new Date().toISOString();
  }
  await rt.oci.delete(id, true);
  releaseResources(rt, rec);
  rt.state.saveState(id, rec.state);
}

/** `stop`: a container that is not running is left as it is (Podman prints its name anyway). */
export async function stopContainer(rt: Runtime, id: string, timeout?: number): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    const s = rec.state.status;
    if (s === "running" || s === "paused" || s === "created") {
      await stopLocked(rt, rec, timeout);
      emitContainerEvent(rt, rec, "stop");
    }
    else if (!rec.state.stoppedByUser) {
      // Exited but maybe not cleaned up yet: keep its restart policy from starting it again.
      rec.state.stoppedByUser = true;
      rt.state.saveState(id, rec.state);
    }
  });
}

/** Sends a signal (name or number) to a running container's process. */
export async function killContainer(rt: Runtime, id: string, signal: string): Promise<void> {
  const number = signalNumber(signal);
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    if (rec.state.status !== "running" && rec.state.status !== "paused") {
      throw new TspodError("ctr_state_invalid", `can only kill running containers. ${id} is in state ${podmanStateName(rec.state.status)}`);
    }
    if (number === 9 || number === 15 || number === rec.config.stopSignal) {
      // a kill the user asked for: restart policies (other than always) leave it stopped
      rec.state.stoppedByUser = true;
      rt.state.saveState(id, rec.state);
    }
    await rt.oci.kill(id, String(number));
    emitContainerEvent(rt, rec, "kill");
  });
}

/** The state word Podman uses in messages (a runtime-created container is "initialized"). */
export function podmanStateName(status: string): string {
  if (status === "configured") return "created";
  if (status === "created") return "initialized";
  return status;
}
