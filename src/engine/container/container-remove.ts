/** Removing containers: `rm` stops a running one with `-f` (stop timeout, then SIGKILL). */
import fs from "node:fs";
import path from "node:path";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { ZERO_TIME, type ContainerRecord } from "./container-record.ts";
import { isActive, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { stopHealthTimer } from "./container-health-timer.ts";
import { stopLocked } from "./container-stop.ts";
import { podMemberExited } from "../pod/pod-lifecycle.ts";
import { teardownContainerNetworkAsync } from "../network/container-network.ts";
import { releaseContainerMounts, removeContainerVolumes } from "../volume/container-volumes.ts";

export interface RemoveOptions {
  force: boolean;
  /** `rm -t`: seconds to wait after the stop signal before SIGKILL (default: the container's stop timeout). */
  timeout?: number;
  /**
   * The container has exited and conmon is about to run its exit command: leave `runtime
   * delete` to that `container cleanup` (it runs anyway), so `run --rm` returns sooner.
   */
  runtimeDeleteByCleanup?: boolean;
  /** `rm -v`: also remove the container's anonymous volumes (`--rm` containers always do). */
  volumes?: boolean;
  /** Removal by `pod rm` (the only way an infra container goes). */
  byPod?: boolean;
}

/** Containers that join this one's namespaces (they must go first: Podman's `rm --depend`). */
export function dependentsOf(rt: Runtime, id: string): string[] {
  return rt.state
    .dependencyPairs()
    .filter((p) => p.dependsOn === id)
    .map((p) => p.id);
}

export async function removeContainer(rt: Runtime, id: string, opts: RemoveOptions): Promise<void> {
  let pod: string | undefined;
  await rt.locks.withLock(id, async () => {
    const rec = rt.state.getContainer(id);
    if (!rec) throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
    if (rec.config.pod && !rec.config.isInfra && !opts.byPod) pod = rec.config.pod;
    if (rec.config.isInfra && rec.config.pod && !opts.byPod) {
      throw exactError("ctr_exists", `container ${id} is the infra container of pod ${rec.config.pod} and cannot be removed without removing the pod`);
    }
    const dependents = dependentsOf(rt, id);
    if (dependents.length > 0) {
      throw new TspodError("ctr_exists", `container ${id} has dependent containers which must be removed before it: ${dependents.join(",")}`);
    }
    syncExitLocked(rt, rec);
    if (isActive(rec)) {
      if (!opts.force) {
        throw new TspodError(
          "ctr_state_invalid",
          `cannot remove container ${id} as it is ${rec.state.status} - running or paused containers cannot be removed without force`,
        );
      }
      await stopLocked(rt, rec, opts.timeout);
    }
    await removeLocked(rt, rec, opts.runtimeDeleteByCleanup === true && rec.state.status === "exited", opts.volumes);
  });
  // a pod's member is gone: `--exit-policy stop` may stop the pod (its lock after the container's)
  if (pod) await podMemberExited(rt, pod);
}

/** Removes everything of a container; the caller holds its lock. */
export async function removeLocked(rt: Runtime, rec: ContainerRecord, leaveRuntimeDelete = false, removeVolumes = rec.config.autoRemove): Promise<void> {
  const id = rec.config.id;
  rt.log.debug(`removing container ${id}`);
  rec.state.status = "removing";
  if (rec.config.healthcheck) stopHealthTimer(rt, id);
  // The runtime's state and the container's storage are independent: free both at once.
  // (`stop` has usually deleted the runtime's state already: no second `runc delete` then)
  const deleting = leaveRuntimeDelete || !rt.oci.hasState(id) ? Promise.resolve() : rt.oci.delete(id, true);
  const networkDown = teardownContainerNetworkAsync(rt, rec);
  releaseContainerMounts(rt, rec.config);
  rt.rootfs.remove(id);
  await deleting;
  await networkDown;
  fs.rmSync(rt.bundleDir(id), { recursive: true, force: true });
  const exited = rec.state.finishedAt !== ZERO_TIME || rt.oci.readExitCode(rt.exitDir, id) !== undefined;
  rt.state.removeContainer(id, exited ? rec.state.exitCode : undefined);
  fs.rmSync(path.join(rt.exitDir, id), { force: true });
  rt.locks.forget(id);
  emitContainerEvent(rt, rec, "remove");
  if (removeVolumes) await removeContainerVolumes(rt, rec.config);
  rt.log.debug(`removed container ${id}`);
}
