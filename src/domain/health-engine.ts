/** Container healthchecks (`tspod healthcheck`). */
export type HealthStatus = "healthy" | "unhealthy" | "starting";

export interface HealthEngine {
  /** Runs the container's healthcheck once and returns its health afterwards. */
  run(nameOrId: string): Promise<{ passed: boolean; status: HealthStatus }>;
  /** The scheduled-check loop of the container's timer process; returns when the container stops. */
  timer(nameOrId: string, signal?: AbortSignal): Promise<void>;
}
