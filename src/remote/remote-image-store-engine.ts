/** ImageStoreEngine over the libpod API: rmi, tag, untag, inspect. */
import type { ApiClient } from "../apiclient/api-client.ts";
import type { ImageInspect } from "../define/image-types.ts";
import type { ImageRemoveLine, ImageRemoveOptions, ImageStoreEngine } from "../domain/image-store-engine.ts";
import { isErrorCode, TspodError } from "../errors/tspod-error.ts";

const enc = encodeURIComponent;

interface RemoveReport {
  Deleted?: string[] | null;
  Untagged?: string[] | null;
  Errors?: string[] | null;
}

/** "name:tag" → repo and tag as the tag route wants them. */
function splitTag(name: string): { repo: string; tag: string } {
  const at = name.lastIndexOf(":");
  if (at > name.lastIndexOf("/")) return { repo: name.slice(0, at), tag: name.slice(at + 1) };
  return { repo: name, tag: "latest" };
}

export class RemoteImageStoreEngine implements Partial<ImageStoreEngine> {
  constructor(private readonly api: ApiClient) {}

  async remove(nameOrIds: string[], opts: ImageRemoveOptions): Promise<ImageRemoveLine[]> {
    const lines: ImageRemoveLine[] = [];
    const collect = (r: RemoveReport) => {
      for (const u of r.Untagged ?? []) lines.push({ untagged: u });
      for (const d of r.Deleted ?? []) lines.push({ deleted: d });
      for (const e of r.Errors ?? []) lines.push({ error: new TspodError("internal", e) });
    };
    if (opts.all) {
      collect(await this.api.json<RemoveReport>("DELETE", "/libpod/images/remove", { query: { all: true, force: opts.force } }));
      return lines;
    }
    for (const n of nameOrIds) {
      try {
        collect(await this.api.json<RemoveReport>("DELETE", `/libpod/images/${enc(n)}`, { query: { force: opts.force } }));
      } catch (err) {
        if (opts.ignore && isErrorCode(err, "no_such_image")) continue;
        lines.push({ error: err as Error });
      }
    }
    return lines;
  }

  async tag(nameOrId: string, names: string[]): Promise<void> {
    for (const n of names) await this.api.call("POST", `/libpod/images/${enc(nameOrId)}/tag`, { query: splitTag(n) });
  }

  async untag(nameOrId: string, names: string[]): Promise<void> {
    for (const n of names) await this.api.call("POST", `/libpod/images/${enc(nameOrId)}/untag`, { query: splitTag(n) });
  }

  async inspect(nameOrId: string): Promise<ImageInspect> {
    return this.api.json<ImageInspect>("GET", `/libpod/images/${enc(nameOrId)}/json`);
  }
}
