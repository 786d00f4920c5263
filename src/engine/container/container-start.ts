/** Starting and restarting containers (lock, reload, act, save). */
import { TspodError } from "../../errors/tspod-error.ts";
import type { AttachIo, AttachSession } from "../../oci/oci-runtime.ts";
import type { Runtime } from "../runtime.ts";
import { ZERO_TIME, type ContainerRecord } from "./container-record.ts";
import { initLocked, releaseResources } from "./container-init.ts";
import { mustGet, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { startHealthTimer } from "./container-health-timer.ts";
import { stopLocked } from "./container-stop.ts";

/** Called once the attach socket is open and before the process runs (e.g. to size the terminal). */
export type BeforeStart = (bundle: string) => void;

/** Starts a container whose lock the caller holds. */
export async function startLocked(rt: Runtime, rec: ContainerRecord, attach?: AttachIo, beforeStart?: BeforeStart): Promise<AttachSession | undefined> {
  const id = rec.config.id;
  if (rec.state.status !== "created") {
    releaseResources(rt, rec);
    await initLocked(rt, rec);
    rt.state.saveState(id, rec.state);
  }
  const bundle = rt.bundleDir(id);
  const session = attach ? rt.oci.attach({ id, bundle, socketDir: rt.socketDir }, attach) : undefined;
  beforeStart?.(bundle);
  try {
    await rt.oci.start(id, rec.state.pid);
  } catch (err) {
    session?.close();
    await rt.oci.delete(id, true);
    releaseResources(rt, rec);
    rec.state.status = "exited";
    rec.state.error = (err as Error).message;
    rt.state.saveState(id, rec.state);
    throw err;
  }
  rt.log.debug(`${rt.oci.name} started ${id}`);
  rec.state.status = "running";
  rec.state.startedAt = new Date().toISOString();
  rec.state.finishedAt = ZERO_TIME;
  rec.state.exitCode = 0;
  rec.state.stoppedByUser = false;
  rt.state.saveState(id, rec.state);
  emitContainerEvent(rt, rec, "start");
  if (rec.config.healthcheck) startHealthTimer(rt, rec);
  if (attach) emitContainerEvent(rt, rec, "attach");
  return session;
}

/**
 * Starts a container; with `attach`, output is forwarded from before the process runs.
 * A running container is left as it is (Podman's `start` is idempotent).
 */
export async function startContainer(rt: Runtime, id: string, attach?: AttachIo, beforeStart?: BeforeStart): Promise<AttachSession | undefined> {
  return rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    syncExitLocked(rt, rec);
    if (rec.state.status === "running") {
      if (!attach) return undefined;
      const bundle = rt.bundleDir(id);
      const session = rt.oci.attach({ id, bundle, socketDir: rt.socketDir }, attach);
      beforeStart?.(bundle);
      return session;
    }
    if (rec.state.status === "paused") throw new TspodError("ctr_state_invalid", `container ${id} is paused`);
    return startLocked(rt, rec, attach, beforeStart);
  });
}

/** `restart`: stop (signal, then SIGKILL after `timeout` seconds) and start again. */
export async function restartContainer(rt: Runtime, id: string, timeout?: number): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    syncExitLocked(rt, rec);
    if (rec.state.status === "running" || rec.state.status === "paused") await stopLocked(rt, rec, timeout);
    emitContainerEvent(rt, rec, "restart");
    await startLocked(rt, rec);
  });
}
