/** What a route handler gets: the parsed request, the engines, the reply and an AbortSignal. */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type { Engines } from "../domain/engines.ts";
import { TspodError, exactError } from "../errors/tspod-error.ts";
import type { ApiReply } from "./api-reply.ts";

/** Largest JSON body the API accepts (Docker's create bodies are a few KiB). */
export const MAX_JSON_BODY = 4 * 1024 * 1024;

export interface ApiRequest {
  readonly method: string;
  /** The path without the version and /libpod prefixes. */
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  /** A /libpod/ route: errors use Podman's body. */
  readonly libpod: boolean;
  readonly engines: Engines;
  /** Aborted when the client disconnects or the server shuts down. */
  readonly signal: AbortSignal;
  readonly reply: ApiReply;
  /** The raw body, refused past `limit` bytes. */
  body(limit?: number): Promise<Buffer>;
  /** The body parsed as JSON ({} when empty). */
  json(): Promise<unknown>;
  /** The body as a stream (tar uploads); no size limit. */
  bodyStream(): AsyncIterable<Uint8Array>;
  /** Values the service keeps between requests (e.g. binary versions), per server. */
  readonly cache: ServerCache;
}

/** A per-server memo with expiry (the service is long-lived: no module-level state). */
export class ServerCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  get<T>(key: string, maxAgeMs: number, load: () => Promise<T>): Promise<T> {
    const e = this.entries.get(key);
    if (e && Date.now() - e.at < maxAgeMs) return e.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: Date.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

export function makeBodyReaders(req: Readable & { headers: IncomingHttpHeaders }): Pick<ApiRequest, "body" | "json" | "bodyStream"> {
  let cached: Promise<Buffer> | undefined;
  const body = (limit = MAX_JSON_BODY): Promise<Buffer> =>
    (cached ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? "0");
      if (declared > limit) {
        req.resume();
        return reject(exactError("body_too_large", `request body too large: ${declared} bytes (limit ${limit})`));
      }
      const parts: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          req.removeAllListeners("data");
          req.resume();
          reject(exactError("body_too_large", `request body too large: more than ${limit} bytes`));
          return;
        }
        parts.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(parts)));
      req.on("error", reject);
    }));
  return {
    body,
    async json() {
      const raw = (await body()).toString("utf8");
      if (raw.trim() === "") return {};
      try {
        return JSON.parse(raw) as unknown;
      } catch (err) {
        throw new TspodError("invalid_argument", `decoding request body: ${(err as Error).message}`);
      }
    },
    bodyStream: () => req,
  };
}
