/** An engine event in Podman's wire shape (file events backend line, `events --format json`). */
export type EventType = "container" | "image" | "pod" | "volume" | "network" | "system";

export interface TspodEvent {
  ContainerExitCode?: number;
  ID?: string;
  Image?: string;
  Name?: string;
  Network?: string;
  Status: string;
  /** RFC 3339 with nanoseconds, UTC ("2026-11-23T13:19:46.358987952Z"). */
  Time: string;
  Type: EventType;
  health_status?: string;
  Attributes: Record<string, string> | null;
}
