/** Healthcheck config and results in Podman's inspect casing (durations in nanoseconds). */
export interface HealthConfig {
  /** ["CMD", …], ["CMD-SHELL", "cmd"] or ["NONE"] */
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

export type HealthOnFailure = "none" | "kill" | "restart" | "stop";

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface HealthResults {
  Status: "starting" | "healthy" | "unhealthy" | "";
  FailingStreak: number;
  Log: HealthLogEntry[] | null;
}
