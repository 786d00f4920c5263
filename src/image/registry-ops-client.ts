/**
 * The registry operations beyond pulling: checking credentials (`login`), listing repositories
 * and tags (`search`), and uploads for `push` (HEAD existence checks, cross-repository mounts,
 * monolithic POST + PUT uploads, manifest PUT). Retries and auth come from RegistryClient.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { basicAuthHeader, fetchBearerToken } from "./registry-auth.ts";
import { RegistryClient } from "./registry-client.ts";

/** Bodies must be re-readable for retries: bytes, or a Blob such as Bun.file(). */
export type UploadBody = Uint8Array | Blob;

const MAX_LIST_PAGES = 100;

export class RegistryOpsClient extends RegistryClient {
  /**
   * Verifies the client's credentials against `GET /v2/` (Basic) or the token server (Bearer).
   * Throws `unauthorized` with Podman's "invalid username/password" when they are refused.
   */
  async checkLogin(signal?: AbortSignal): Promise<void> {
    await this.ping(signal);
    const challenge = this.authChallenge;
    if (!challenge) return;
    const creds = this.credentials;
    if (challenge.scheme === "bearer") {
      await fetchBearerToken(challenge, undefined, creds, (u, init) => this.fetchUrl(u, init, signal), signal).catch((err) => {
        if (err instanceof TspodError && err.code === "unauthorized") throw invalidLogin(this.registry);
        throw err;
      });
      return;
    }
    if (!creds) throw invalidLogin(this.registry);
    const res = await this.fetchUrl(`${this.baseUrl}/v2/`, { method: "GET", headers: { Authorization: basicAuthHeader(creds) } }, signal);
    await res.body?.cancel();
    if (res.status === 401 || res.status === 403) throw invalidLogin(this.registry);
    if (!res.ok) throw new TspodError("registry", `logging into ${JSON.stringify(this.registry)}: status ${res.status}`);
  }

  /** `GET /v2/_catalog`, following `Link` pagination. */
  async catalog(signal?: AbortSignal): Promise<string[]> {
    return this.listPaged("", "/v2/_catalog?n=1000", "registry:catalog:*", "repositories", `listing repositories of ${this.registry}`, signal);
  }

  private async listPaged(repo: string, first: string, scope: string, field: string, what: string, signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    let next: string | undefined = first;
    for (let page = 0; next && page < MAX_LIST_PAGES; page++) {
      const res = await this.request("GET", repo, next, { Accept: "application/json" }, signal, { scope });
      if (res.status === 404) {
        await res.body?.cancel();
        throw new TspodError("manifest_unknown", `${what}: not found`);
      }
      await this.statusError(res, what);
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      const items = body[field];
      if (Array.isArray(items)) for (const s of items) if (typeof s === "string") out.push(s);
      next = nextLink(res.headers.get("link"), this.baseUrl);
    }
    return out;
  }

  /** `HEAD /v2/<repo>/blobs/<digest>`: whether the registry has the blob in this repository. */
  async blobExists(repo: string, digest: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.request("HEAD", repo, `/v2/${repo}/blobs/${digest}`, {}, signal, { scope: pushScope(repo) });
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (res.ok) return true;
    await this.statusError(res, `checking whether a blob ${digest} exists in ${this.registry}/${repo}`);
    return false;
  }

  /**
   * Asks the registry to mount `digest` from repository `from` into `repo` without uploading it.
   * True when mounted (201); false when the registry started a plain upload instead (202).
   */
  async mountBlob(repo: string, digest: string, from: string, signal?: AbortSignal): Promise<boolean> {
    const q = new URLSearchParams({ mount: digest, from });
    const scope = `${pushScope(repo)} repository:${from}:pull`;
    const res = await this.request("POST", repo, `/v2/${repo}/blobs/uploads/?${q}`, { "Content-Length": "0" }, signal, { scope });
    if (res.status === 201) {
      await res.body?.cancel();
      return true;
    }
    if (res.status === 202) {
      await res.body?.cancel();
      const loc = res.headers.get("location");
      if (loc) await this.cancelUpload(repo, loc, signal);
      return false;
    }
    await this.statusError(res, `mounting blob ${digest} from ${from} into ${this.registry}/${repo}`);
    return false;
  }

  /** Monolithic upload: `POST …/blobs/uploads/`, then `PUT <location>?digest=` with the content. */
  async uploadBlob(repo: string, digest: string, size: number, body: () => UploadBody, signal?: AbortSignal): Promise<void> {
    const what = `uploading blob ${digest} to ${this.registry}/${repo}`;
    const scope = pushScope(repo);
    const start = await this.request("POST", repo, `/v2/${repo}/blobs/uploads/`, { "Content-Length": "0" }, signal, { scope });
    if (start.status !== 202) {
      await this.statusError(start, what);
      await start.body?.cancel();
      if (start.status === 201) return; // already there
      throw new TspodError("registry", `${what}: unexpected status ${start.status}`);
    }
    await start.body?.cancel();
    const url = this.uploadUrl(start.headers.get("location"), what);
    url.searchParams.set("digest", digest);
    const headers = { "Content-Type": "application/octet-stream", "Content-Length": String(size) };
    const res = await this.request("PUT", repo, url.toString(), headers, signal, { scope, body });
    if (res.status !== 201 && res.status !== 204) await this.statusError(res, what);
    await res.body?.cancel();
  }

  /** `PUT /v2/<repo>/manifests/<ref>`; returns the digest the registry reports. */
  async putManifest(repo: string, ref: string, bytes: Uint8Array, mediaType: string, signal?: AbortSignal): Promise<string | undefined> {
    const res = await this.request("PUT", repo, `/v2/${repo}/manifests/${ref}`, { "Content-Type": mediaType }, signal, {
      scope: pushScope(repo),
      body: () => bytes,
    });
    if (!res.ok) await this.statusError(res, `writing manifest to ${this.registry}/${repo}:${ref}`);
    await res.body?.cancel();
    return res.headers.get("docker-content-digest") ?? undefined;
  }

  private async cancelUpload(repo: string, location: string, signal?: AbortSignal): Promise<void> {
    try {
      const res = await this.request("DELETE", repo, this.uploadUrl(location, "").toString(), {}, signal, { scope: pushScope(repo) });
      await res.body?.cancel();
    } catch {
      /* the registry purges stale uploads itself */
    }
  }

  private uploadUrl(location: string | null, what: string): URL {
    if (!location) throw new TspodError("registry", `${what}: registry sent no upload location`);
    const url = new URL(location, this.baseUrl);
    const base = new URL(this.baseUrl);
    // Never send credentials to another host than the registry's.
    if (url.host !== base.host) throw new TspodError("registry", `${what}: registry redirected the upload to another host ${url.host}`);
    return url;
  }
}

function pushScope(repo: string): string {
  return `repository:${repo}:pull,push`;
}

function invalidLogin(registry: string): TspodError {
  const err = new TspodError("unauthorized");
  Object.defineProperty(err, "message", { value: `logging into ${JSON.stringify(registry)}: invalid username/password` });
  return err;
}

/** The `rel="next"` target of an RFC 5988 Link header, resolved against the registry. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header);
  if (!m) return undefined;
  const url = new URL(m[1]!, base);
  if (url.origin !== new URL(base).origin) return undefined;
  return url.pathname + url.search;
}
