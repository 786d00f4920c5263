/** EventsEngine over the libpod API: GET /libpod/events (JSON lines, streamed until aborted). */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { EventsEngine, EventsOptions, TspodEvent } from "../domain/events-engine.ts";
import { filtersQuery } from "./remote-filters.ts";

export class RemoteEventsEngine implements EventsEngine {
  constructor(private readonly api: ApiClient) {}

  async events(opts: EventsOptions, onEvent: (e: TspodEvent) => void, signal?: AbortSignal): Promise<void> {
    try {
      const res = await this.api.request("GET", "/libpod/events", {
        query: {
          stream: opts.stream,
          since: opts.since !== undefined ? String(opts.since / 1000) : undefined,
          until: opts.until !== undefined ? String(opts.until / 1000) : undefined,
          filters: filtersQuery(opts.filters),
        },
        signal,
      });
      for await (const e of this.api.jsonLines<TspodEvent>(res)) onEvent(e);
    } catch (err) {
      if (!signal?.aborted) throw err;
    }
  }
}
