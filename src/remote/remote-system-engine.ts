/** SystemEngine over the libpod API: `info` (and, through it, the server's version). */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { InfoReport } from "../define/system-types.ts";
import type { SystemEngine } from "../domain/system-engine.ts";

export class RemoteSystemEngine implements SystemEngine {
  constructor(private readonly api: ApiClient) {}

  info(): Promise<InfoReport> {
    return this.api.json<InfoReport>("GET", "/libpod/info");
  }
}
