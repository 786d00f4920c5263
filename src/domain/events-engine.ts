/** The engine's event log (`tspod events`). */
import type { TspodEvent } from "../define/event-types.ts";

export type { TspodEvent };

export interface EventsOptions {
  /** Podman's --filter values ("container=x", "event=start", "since=10m", …) */
  filters: string[];
  /** ms since the epoch */
  since?: number;
  until?: number;
  stream: boolean;
}

export interface EventsEngine {
  /** Calls onEvent for each matching event; with stream it follows new events until signal aborts. */
  events(opts: EventsOptions, onEvent: (e: TspodEvent) => void, signal?: AbortSignal): Promise<void>;
}
