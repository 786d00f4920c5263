/** EventsEngine over the file events backend. */
import type { EventsEngine, EventsOptions, TspodEvent } from "../domain/events-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { readEvents } from "../engine/events/event-reader.ts";

export class LocalEventsEngine implements EventsEngine {
  constructor(private readonly rt: Runtime) {}

  events(opts: EventsOptions, onEvent: (e: TspodEvent) => void, signal?: AbortSignal): Promise<void> {
    return readEvents(this.rt.events.file, opts, onEvent, signal);
  }
}
