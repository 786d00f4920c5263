/**
 * A Docker Registry HTTP API v2 / OCI distribution client on fetch: ping and scheme selection
 * (HTTPS, or for insecure registries unverified HTTPS then plain HTTP, like Podman), Bearer and
 * Basic auth, manifests with digest verification, blobs as streams, retries with backoff.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { sha256Digest } from "../util/digest.ts";
import { basicAuthHeader, fetchBearerToken, parseWwwAuthenticate, type AuthChallenge, type Credentials } from "./registry-auth.ts";
import { loadRegistryTls, type RegistryTlsOptions } from "./registry-tls.ts";
import { MEDIA_TYPES } from "./image-types.ts";

export interface RegistryClientOptions {
  /** `host[:port]` as in the image reference (`docker.io` is mapped to its API host). */
  registry: string;
  /** false: skip TLS verification and allow plain HTTP. Default true. */
  tlsVerify?: boolean;
  /** Marked insecure in registries.conf (same effect as tlsVerify false). */
  insecure?: boolean;
  /** `--cert-dir`: CA certs (*.crt) and client certs for this registry. */
  certDir?: string;
  /** Root of certs.d directories (default /etc/containers/certs.d). */
  certsD?: string;
  credentials?: Credentials;
  /** Attempts per request on network errors and 5xx (default 3). */
  attempts?: number;
  /** First retry delay in ms (doubles each time; default 200). */
  retryDelayMs?: number;
}

export interface FetchedManifest {
  /** Raw bytes exactly as served (their sha256 is the manifest digest). */
  bytes: Uint8Array;
  digest: string;
  mediaType: string;
}

export interface FetchedBlob {
  body: ReadableStream<Uint8Array>;
  /** Content-Length if the registry sent one. */
  size?: number;
}

export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
].join(", ");

const MAX_MANIFEST = 4 * 1024 * 1024;

interface Endpoint {
  base: string;
  tls?: RegistryTlsOptions;
}

export class RegistryClient {
  readonly registry: string;
  private readonly apiHost: string;
  private endpoint?: Endpoint;
  private challenge?: AuthChallenge;
  private readonly tokens = new Map<string, string>();
  private readonly secure: boolean;

  constructor(private readonly opts: RegistryClientOptions) {
    this.registry = opts.registry;
    this.apiHost = opts.registry === "docker.io" ? "registry-1.docker.io" : opts.registry;
    this.secure = (opts.tlsVerify ?? true) && !opts.insecure;
  }

  /** Finds a working endpoint (`GET /v2/`) and remembers the auth challenge. */
  async ping(signal?: AbortSignal): Promise<void> {
    if (this.endpoint) return;
    const candidates: Endpoint[] = [
      { base: `https://${this.apiHost}`, tls: loadRegistryTls(this.registry, { certDir: this.opts.certDir, certsD: this.opts.certsD, verify: this.secure }) },
    ];
    if (!this.secure) candidates.push({ base: `http://${this.apiHost}` });
    const errors: string[] = [];
    for (const [idx, ep] of candidates.entries()) {
      try {
        // Probing HTTPS before an HTTP fallback: one attempt, the fallback is the retry.
        const res = await this.raw(ep, "GET", "/v2/", {}, signal, idx < candidates.length - 1 ? 1 : undefined);
        await res.body?.cancel();
        if (res.status === 401) this.challenge = parseWwwAuthenticate(res.headers.get("www-authenticate") ?? "")[0];
        if (res.ok || res.status === 401 || res.status === 403) {
          this.endpoint = ep;
          return;
        }
        errors.push(`GET ${ep.base}/v2/: status ${res.status}`);
      } catch (err) {
        if (signal?.aborted) throw new TspodError("aborted", `pinging container registry ${this.registry}`, err);
        errors.push(`Get "${ep.base}/v2/": ${(err as Error).message}`);
      }
    }
    throw new TspodError("registry_unreachable", `pinging container registry ${this.registry}: ${errors.join("; ")}`);
  }

  /** Fetches a manifest or index by tag or digest; verifies it when fetched by digest. */
  async getManifest(repo: string, tagOrDigest: string, signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.request("GET", repo, `/v2/${repo}/manifests/${tagOrDigest}`, { Accept: MANIFEST_ACCEPT }, signal);
    if (res.status === 404) {
      await res.body?.cancel();
      throw new TspodError("manifest_unknown", `reading manifest ${tagOrDigest} in ${this.registry}/${repo}`);
    }
    await this.checkStatus(res, `reading manifest ${tagOrDigest} in ${this.registry}/${repo}`);
    const len = Number(res.headers.get("content-length") ?? "0");
    if (len > MAX_MANIFEST) throw new TspodError("registry", `manifest ${tagOrDigest} in ${this.registry}/${repo} is too large (${len} bytes)`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > MAX_MANIFEST) throw new TspodError("registry", `manifest ${tagOrDigest} in ${this.registry}/${repo} is too large`);
    const digest = sha256Digest(bytes);
    if (tagOrDigest.includes(":") && digest !== tagOrDigest) {
      throw new TspodError("digest_mismatch", `manifest ${tagOrDigest} from ${this.registry}/${repo} has digest ${digest}`);
    }
    let mediaType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: string; manifests?: unknown };
      if (typeof parsed.mediaType === "string" && parsed.mediaType) mediaType = parsed.mediaType;
      else if (!Object.values(MEDIA_TYPES).includes(mediaType as never)) mediaType = parsed.manifests ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
    } catch (err) {
      throw new TspodError("registry", `manifest ${tagOrDigest} in ${this.registry}/${repo} is not valid JSON`, err);
    }
    return { bytes, digest, mediaType };
  }

  /** All tags of `repo` (`GET /v2/<repo>/tags/list`, following `Link` pagination). */
  async listTags(repo: string, signal?: AbortSignal): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repo}/tags/list`;
    for (let page = 0; next && page < 1000; page++) {
      const res = await this.request("GET", repo, next, { Accept: "application/json" }, signal);
      if (res.status === 404) {
        await res.body?.cancel();
        throw new TspodError("manifest_unknown", `listing tags of ${this.registry}/${repo}`);
      }
      await this.checkStatus(res, `listing tags of ${this.registry}/${repo}`);
      const j = (await res.json().catch(() => ({}))) as { tags?: unknown };
      if (Array.isArray(j.tags)) for (const t of j.tags) if (typeof t === "string") tags.push(t);
      const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get("link") ?? "");
      next = link ? (link[1]!.startsWith("/") ? link[1]! : new URL(link[1]!).pathname + new URL(link[1]!).search) : undefined;
    }
    return tags;
  }

  /** Opens a blob for streaming; the caller verifies its digest (BlobStore.ingest does). */
  async getBlob(repo: string, digest: string, signal?: AbortSignal): Promise<FetchedBlob> {
    const res = await this.request("GET", repo, `/v2/${repo}/blobs/${digest}`, {}, signal);
    if (res.status === 404) {
      await res.body?.cancel();
      throw new TspodError("registry", `fetching blob ${digest} from ${this.registry}/${repo}: blob unknown to registry`);
    }
    await this.checkStatus(res, `fetching blob ${digest} from ${this.registry}/${repo}`);
    if (!res.body) throw new TspodError("registry", `fetching blob ${digest}: empty response`);
    const cl = res.headers.get("content-length");
    return { body: res.body, ...(cl !== null && /^\d+$/.test(cl) ? { size: Number(cl) } : {}) };
  }

  private async checkStatus(res: Response, what: string): Promise<void> {
    if (res.ok) return;
    const text = (await res.text().catch(() => "")).slice(0, 500);
    let detail = text;
    try {
      const j = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
      if (j.errors?.length) detail = j.errors.map((e) => e.message ?? e.code).join("; ");
    } catch {
      /* plain text body */
    }
    if (res.status === 401) throw new TspodError("unauthorized", what);
    if (res.status === 403) throw new TspodError("unauthorized", `${what}: ${detail || "requested access to the resource is denied"}`);
    throw new TspodError("registry", `${what}: status ${res.status}${detail ? ` (${detail})` : ""}`);
  }

  /**
   * An authenticated request for `repo`, answering one 401 challenge. `scope` defaults to pulling
   * from `repo`; pushes ask for `repository:<repo>:pull,push` (plus pull on a mount source).
   */
  protected async request(
    method: string,
    repo: string,
    urlPath: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
    extra: { scope?: string; body?: () => NonNullable<RequestInit["body"]> } = {},
  ): Promise<Response> {
    await this.ping(signal);
    const scope = extra.scope ?? `repository:${repo}:pull`;
    const auth = () => this.authHeader(scope);
    const bodyInit = () => (extra.body ? { body: extra.body() } : {});
    let res = await this.raw(this.endpoint!, method, urlPath, { ...headers, ...auth() }, signal, undefined, bodyInit);
    if (res.status !== 401) return res;
    const challenge = parseWwwAuthenticate(res.headers.get("www-authenticate") ?? "")[0];
    await res.body?.cancel();
    if (!challenge) return this.raw(this.endpoint!, method, urlPath, { ...headers, ...auth() }, signal, undefined, bodyInit);
    this.challenge = challenge;
    if (challenge.scheme === "bearer") {
      const token = await fetchBearerToken(challenge, scope, this.opts.credentials, (u, init) => this.rawUrl(u, init, signal), signal);
      this.tokens.set(scope, token);
    } else if (challenge.scheme === "basic" && !this.opts.credentials) {
      // Nothing to answer the challenge with: the caller reports the 401 in its own words.
      return new Response(null, { status: 401, statusText: "Unauthorized", headers: res.headers });
    }
    res = await this.raw(this.endpoint!, method, urlPath, { ...headers, ...auth() }, signal, undefined, bodyInit);
    return res;
  }

  private authHeader(scope: string): Record<string, string> {
    const token = this.tokens.get(scope);
    if (token) return { Authorization: `Bearer ${token}` };
    if (this.opts.credentials && this.challenge?.scheme === "basic") return { Authorization: basicAuthHeader(this.opts.credentials) };
    return {};
  }

  private raw(
    ep: Endpoint,
    method: string,
    urlPath: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
    attempts?: number,
    body?: () => { body?: NonNullable<RequestInit["body"]> },
  ): Promise<Response> {
    const url = /^https?:\/\//.test(urlPath) ? urlPath : ep.base + urlPath;
    return this.rawUrl(url, { method, headers, ...(ep.tls ? { tls: ep.tls } : {}) } as RequestInit, signal, attempts, body);
  }

  /** The base URL of the endpoint found by ping (for resolving relative upload locations). */
  protected get baseUrl(): string {
    if (!this.endpoint) throw new TspodError("internal", "registry client used before ping");
    return this.endpoint.base;
  }

  /** Credentials given to this client, if any. */
  protected get credentials(): Credentials | undefined {
    return this.opts.credentials;
  }

  /** The challenge seen on `GET /v2/` (undefined: the registry needs no auth). */
  protected get authChallenge(): AuthChallenge | undefined {
    return this.challenge;
  }

  /** Fetches a token-server URL (same TLS settings and retries as registry requests). */
  protected fetchUrl(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return this.rawUrl(url, init, signal);
  }

  protected statusError(res: Response, what: string): Promise<void> {
    return this.checkStatus(res, what);
  }

  /** fetch with retries on network errors, 429 and 5xx. */
  private async rawUrl(url: string, init: RequestInit, signal?: AbortSignal, attemptsOverride?: number, body?: () => { body?: NonNullable<RequestInit["body"]> }): Promise<Response> {
    const attempts = attemptsOverride ?? this.opts.attempts ?? 3;
    let delay = this.opts.retryDelayMs ?? 200;
    const tlsInit = url.startsWith("https:") && !(init as { tls?: unknown }).tls && this.endpoint?.tls ? { tls: this.endpoint.tls } : {};
    for (let i = 1; ; i++) {
      signal?.throwIfAborted();
      try {
        const res = await fetch(url, { ...init, ...(body?.() ?? {}), ...tlsInit, signal, redirect: "follow" } as RequestInit);
        if ((res.status >= 500 || res.status === 429) && i < attempts) {
          await res.body?.cancel();
        } else {
          return res;
        }
      } catch (err) {
        if (signal?.aborted || i >= attempts || isTlsError(err)) throw err;
      }
      await Bun.sleep(delay);
      delay *= 2;
    }
  }
}

function isTlsError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test((err as Error).message ?? "");
}
