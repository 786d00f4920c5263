/** ImageEngine over the libpod API: pull (streamed progress), list, exists; and the pull-if-missing of create/run. */
import type { ApiClient } from "../apiclient/api-client.ts";
import { errorFromResponse } from "../apiclient/api-error.ts";
import type { ImageListEntry } from "../define/image-types.ts";
import type { ImageEngine, ProgressSink, PullOptions } from "../domain/image-engine.ts";
import { exactError } from "../errors/tspod-error.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import { filtersQuery } from "./remote-filters.ts";

const enc = encodeURIComponent;

interface PullLine {
  stream?: string;
  images?: string[];
  id?: string;
  error?: string;
}

export class RemoteImageEngine implements ImageEngine {
  constructor(private readonly api: ApiClient) {}

  async pull(ref: string, opts: PullOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ id: string; ids?: string[] }> {
    if (opts.creds || opts.authfile || opts.certDir || opts.signaturePolicy) throw notSupportedRemotely("pull with --creds, --authfile, --cert-dir or --signature-policy");
    const res = await this.api.request("POST", "/libpod/images/pull", {
      query: {
        reference: ref,
        policy: opts.pullPolicy,
        tlsVerify: opts.tlsVerify,
        quiet: opts.quiet,
        allTags: opts.allTags,
        os: opts.platform?.os,
        arch: opts.platform?.arch,
        variant: opts.platform?.variant,
      },
      signal,
    });
    let result: { id: string; ids?: string[] } | undefined;
    for await (const line of this.api.jsonLines<PullLine>(res)) {
      if (line.error) throw errorFromResponse(500, JSON.stringify({ message: line.error }));
      if (line.stream !== undefined && !opts.quiet) progress(line.stream.replace(/\n$/, ""));
      if (line.id) result = { id: line.id, ids: line.images && line.images.length > 1 ? line.images : undefined };
    }
    if (!result) throw exactError("internal", `pulling ${ref}: the service sent no image id`);
    return result;
  }

  async list(opts: { all: boolean; filters?: string[] }): Promise<ImageListEntry[]> {
    return this.api.json<ImageListEntry[]>("GET", "/libpod/images/json", { query: { all: opts.all, filters: filtersQuery(opts.filters) } });
  }

  async exists(nameOrId: string): Promise<boolean> {
    const res = await this.api.request("GET", `/libpod/images/${enc(nameOrId)}/exists`, { allowError: true });
    const text = await res.text();
    if (res.status === 204) return true;
    if (res.status === 404) return false;
    throw errorFromResponse(res.status, text);
  }

  /** create/run: pull the image first as the policy says (Podman's remote client does this too). */
  async ensure(image: string, policy: "always" | "missing" | "never" | "newer", opts: Pick<PullOptions, "tlsVerify" | "quiet">, progress: ProgressSink, signal?: AbortSignal): Promise<void> {
    if (policy === "never") return;
    if (policy === "missing" && (await this.exists(image))) return;
    await this.pull(image, { ...opts, pullPolicy: policy }, progress, signal);
  }
}
