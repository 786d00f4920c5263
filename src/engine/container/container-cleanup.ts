/**
 * conmon's exit command (`container cleanup`): record the exit, free the runtime's state and
 * the mounts, then either remove the container (--rm) or restart it when its restart policy
 * says so — restart policies work without a daemon because conmon runs this after every exit.
 */
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { releaseResources } from "./container-init.ts";
import { removeLocked } from "./container-remove.ts";
import { startLocked } from "./container-start.ts";
import { isActive, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { stopHealthTimer } from "./container-health-timer.ts";
import { podMemberExited } from "../pod/pod-lifecycle.ts";

/** Podman's handleRestartPolicy: whether an exited container runs again. */
export function shouldRestart(rec: ContainerRecord): boolean {
  const policy = rec.config.restartPolicy ?? "";
  if (rec.state.stoppedByUser) return false;
  if (rec.state.status !== "exited") return false;
  switch (policy) {
    case "always":
    case "unless-stopped":
      return true;
    case "on-failure": {
      if (rec.state.exitCode === 0) return false;
      const max = rec.config.restartRetries ?? 0;
      return max === 0 || (rec.state.restartCount ?? 0) < max;
    }
    default:
      return false;
  }
}

export async function cleanupContainer(rt: Runtime, id: string): Promise<void> {
  let pod: string | undefined;
  await rt.locks.withLock(id, async () => {
    const rec = rt.state.getContainer(id);
    if (rec?.config.pod && !rec.config.isInfra) pod = rec.config.pod;
    if (!rec) {
      // Already removed (by `run --rm` in the foreground), which left the runtime's state to us.
      if (rt.oci.hasState(id)) await rt.oci.delete(id, true);
      rt.locks.forget(id);
      return;
    }
    syncExitLocked(rt, rec);
    if (isActive(rec)) return;
    await rt.oci.delete(id, true);
    releaseResources(rt, rec);
    rt.state.saveState(id, rec.state);
    if (rec.config.healthcheck) stopHealthTimer(rt, id);
    emitContainerEvent(rt, rec, "cleanup");
    if (rec.config.autoRemove) {
      await removeLocked(rt, rec);
      return;
    }
    if (shouldRestart(rec)) {
      rec.state.restartCount = (rec.state.restartCount ?? 0) + 1;
      rt.log.debug(`restarting ${id} (restart policy ${rec.config.restartPolicy}, restart ${rec.state.restartCount})`);
      try {
        await startLocked(rt, rec);
      } catch (err) {
        rt.log.warn(`restarting container ${id}: ${(err as Error).message}`);
        rt.state.saveState(id, rec.state);
      }
    }
  });
  // The pod's lock comes after the container's is released (lock order: pod before container).
  if (pod) await podMemberExited(rt, pod);
}
