/** A pod's status, aggregated from its containers' statuses the way Podman does. */
import type { ContainerStatus } from "../../define/container-types.ts";

export type PodStatus = "Created" | "Running" | "Degraded" | "Stopped" | "Exited" | "Paused" | "Error";

export function podStatus(statuses: ContainerStatus[]): PodStatus {
  if (statuses.length === 0) return "Created";
  let running = 0;
  let paused = 0;
  let exited = 0;
  let stopped = 0;
  let errored = 0;
  for (const s of statuses) {
    switch (s) {
      case "running":
        running++;
        break;
      case "paused":
        paused++;
        break;
      case "exited":
        exited++;
        break;
      case "stopped":
        stopped++;
        break;
      case "configured":
      case "created":
      case "initialized":
        break;
      default:
        errored++;
    }
  }
  const n = statuses.length;
  if (running === n) return "Running";
  if (running > 0) return "Degraded";
  if (paused === n) return "Paused";
  if (exited + stopped === n) return stopped === n ? "Stopped" : "Exited";
  if (errored > 0) return "Error";
  return "Created";
}
