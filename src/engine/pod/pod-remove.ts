/**
 * Removing a pod: under its lock, its members first, then the infra container, then the pod
 * record and cgroup. Running members need `force` (they are stopped first), as in Podman.
 */
import { exactError, isErrorCode } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { removeContainer } from "../container/container-remove.ts";
import { isActive } from "../container/container-sync.ts";
import { mustGetPod, podContainers } from "./pod-members.ts";
import { podLockKey } from "./pod-record.ts";
import { removePodCgroup } from "./pod-cgroup.ts";
import { emitPodEvent } from "./pod-events.ts";

export interface PodRemoveOptions {
  force: boolean;
  /** seconds between the stop signal and SIGKILL for running members (default: their stop timeout) */
  timeout?: number;
}

export async function removePod(rt: Runtime, podId: string, opts: PodRemoveOptions): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const recs = podContainers(rt, podId);
    if (!opts.force) {
      // a running infra container alone does not need -f (Podman stops it); running members do
      const busy = recs.filter((r) => r.config.id !== pod.infraId && isActive(r) && r.state.status !== "created");
      if (busy.length > 0) {
        // Podman's multi-error text: each busy member, then the infra container its members depend on
        const lines = busy.map((r) => {
          const id = r.config.id;
          return `removing container ${id} from pod ${podId}: cannot remove container ${id} as it is ${r.state.status} - running or paused containers cannot be removed without force: container state improper`;
        });
        if (pod.infraId) {
          lines.push(`removing container ${pod.infraId} from pod ${podId}: a container that depends on container ${pod.infraId} still exists: dependency exists`);
        }
        const text = lines.length === 1 ? lines[0]! : `${lines.length} errors occurred:\n${lines.map((l) => `\t* ${l}`).join("\n")}\n\n`;
        throw exactError("ctr_state_invalid", text);
      }
    }
    const members = recs.filter((r) => r.config.id !== pod.infraId);
    const infra = recs.filter((r) => r.config.id === pod.infraId);
    for (const group of [members, infra]) {
      await Promise.all(
        group.map(async (r) => {
          try {
            // anonymous volumes go with the pod, as in Podman
            await removeContainer(rt, r.config.id, { force: true, timeout: opts.timeout, byPod: true, volumes: true });
          } catch (err) {
            if (!isErrorCode(err, "no_such_container")) throw err;
          }
        }),
      );
    }
    rt.pods.remove(podId);
    removePodCgroup(pod);
    emitPodEvent(rt, pod, "remove");
  });
  rt.locks.forget(podLockKey(podId));
}
