/** Pod events (Podman's file backend: Type "pod", the pod's id and name). */
import type { Runtime } from "../runtime.ts";
import type { PodConfig } from "./pod-record.ts";

export function emitPodEvent(rt: Runtime, pod: PodConfig, status: string): void {
  rt.events.emit("pod", status, { ID: pod.id, Name: pod.name, Attributes: null });
}
