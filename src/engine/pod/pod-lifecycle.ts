/**
 * Acting on a pod's containers together, under the pod's lock (taken before any container's):
 * start brings the infra container up first; stop, kill and pause act on the members first and
 * on the infra container last.
 */
import { exactError, isErrorCode } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { startContainerPodLocked } from "../container/container-start.ts";
import { killContainer, stopContainer } from "../container/container-stop.ts";
import { pauseContainer, unpauseContainer } from "../container/container-pause.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { mustGetPod, podContainers, writeInfraConmonPid } from "./pod-members.ts";
import { podLockKey, type PodConfig } from "./pod-record.ts";
import { applyPodCgroup } from "./pod-cgroup.ts";
import { emitPodEvent } from "./pod-events.ts";

type Act = (rec: ContainerRecord) => Promise<void>;

/** Runs `act` on each container (in parallel); the errors, keyed by container id. */
async function each(recs: ContainerRecord[], act: Act): Promise<Map<string, Error>> {
  const errors = new Map<string, Error>();
  await Promise.all(
    recs.map(async (r) => {
      try {
        await act(r);
      } catch (err) {
        errors.set(r.config.id, err as Error);
      }
    }),
  );
  return errors;
}

/** Podman's summary error for a pod operation that failed on some containers. */
function podError(what: string, podId: string, errors: Map<string, Error>): Error | undefined {
  if (errors.size === 0) return undefined;
  const details = [...errors].map(([id, e]) => `${id}: ${e.message}`);
  return exactError("ctr_state_invalid", `${what} pod ${podId}: ${details.join("; ")}`);
}

function split(pod: PodConfig, recs: ContainerRecord[]): { infra?: ContainerRecord; members: ContainerRecord[] } {
  return { infra: recs.find((r) => r.config.id === pod.infraId), members: recs.filter((r) => r.config.id !== pod.infraId) };
}

async function startLockedPod(rt: Runtime, pod: PodConfig): Promise<Map<string, Error>> {
  const { infra, members } = split(pod, podContainers(rt, pod.id));
  const errors = new Map<string, Error>();
  if (infra) {
    applyPodCgroup(pod);
    try {
      await startContainerPodLocked(rt, infra.config.id);
      writeInfraConmonPid(rt, pod);
    } catch (err) {
      errors.set(infra.config.id, err as Error);
      return errors;
    }
  }
  for (const [id, e] of await each(members, (r) => startContainerPodLocked(rt, r.config.id).then(() => undefined))) errors.set(id, e);
  return errors;
}

export async function startPod(rt: Runtime, podId: string): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const errors = await startLockedPod(rt, pod);
    emitPodEvent(rt, pod, "start");
    const err = podError("starting containers of", podId, errors);
    if (err) throw err;
  });
}

async function stopLockedPod(rt: Runtime, pod: PodConfig, timeout?: number): Promise<Map<string, Error>> {
  const { infra, members } = split(pod, podContainers(rt, pod.id));
  const errors = await each(members, (r) => stopContainer(rt, r.config.id, timeout));
  if (infra) {
    try {
      await stopContainer(rt, infra.config.id, timeout);
    } catch (err) {
      errors.set(infra.config.id, err as Error);
    }
  }
  return errors;
}

export async function stopPod(rt: Runtime, podId: string, timeout?: number): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const err = podError("stopping containers of", podId, await stopLockedPod(rt, pod, timeout));
    emitPodEvent(rt, pod, "stop");
    if (err) throw err;
  });
}

export async function restartPod(rt: Runtime, podId: string, timeout?: number): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const stopErrors = await stopLockedPod(rt, pod, timeout);
    const startErrors = await startLockedPod(rt, pod);
    emitPodEvent(rt, pod, "restart");
    const err = podError("restarting containers of", podId, new Map([...stopErrors, ...startErrors]));
    if (err) throw err;
  });
}

/** Signals every running container of the pod (members first). */
export async function killPod(rt: Runtime, podId: string, signal: string): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const { infra, members } = split(pod, podContainers(rt, pod.id));
    const active = (r: ContainerRecord) => r.state.status === "running" || r.state.status === "paused";
    const errors = await each(members.filter(active), (r) => killContainer(rt, r.config.id, signal));
    if (infra && active(infra)) {
      try {
        await killContainer(rt, infra.config.id, signal);
      } catch (err) {
        errors.set(infra.config.id, err as Error);
      }
    }
    emitPodEvent(rt, pod, "kill");
    const err = podError("killing containers of", podId, errors);
    if (err) throw err;
  });
}

export async function pausePod(rt: Runtime, podId: string, pause: boolean): Promise<void> {
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = mustGetPod(rt, podId);
    const recs = podContainers(rt, pod.id).filter((r) => r.state.status === (pause ? "running" : "paused"));
    const errors = await each(recs, (r) => (pause ? pauseContainer(rt, r.config.id) : unpauseContainer(rt, r.config.id)));
    emitPodEvent(rt, pod, pause ? "pause" : "unpause");
    const err = podError(pause ? "pausing containers of" : "unpausing containers of", podId, errors);
    if (err) throw err;
  });
}

/**
 * `--exit-policy stop`: after a member exits (conmon's cleanup), stop the infra container once
 * no other member runs. Takes the pod's lock; a pod removed meanwhile is left alone.
 */
export async function podMemberExited(rt: Runtime, podId: string): Promise<void> {
  const peek = rt.pods.get(podId);
  if (!peek || peek.exitPolicy !== "stop" || !peek.infraId) return;
  await rt.locks.withLock(podLockKey(podId), async () => {
    const pod = rt.pods.get(podId);
    if (!pod) return;
    const { infra, members } = split(pod, podContainers(rt, pod.id));
    if (!infra || infra.state.status !== "running" || members.some((r) => r.state.status === "running" || r.state.status === "paused" || r.state.status === "created")) return;
    try {
      await stopContainer(rt, infra.config.id);
    } catch (err) {
      if (!isErrorCode(err, "no_such_container")) throw err;
    }
    emitPodEvent(rt, pod, "stop");
  });
}
