/**
 * A small client for Podman's libpod REST API (served by `tspod system service` or by Podman):
 * JSON requests, streamed answers (JSON lines, multiplexed output) and hijacked connections
 * (attach, exec). Speaks HTTP/1.1 over a unix socket, TCP, or an ssh tunnel to a unix socket.
 */
import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { startSshForward } from "../util/ssh-forward.ts";
import type { ApiAddress } from "./api-address.ts";
import { errorFromResponse } from "./api-error.ts";

/** The libpod API version tspod speaks (Podman 4.3.1's). */
export const LIBPOD_API_VERSION = "4.3.1";

export type QueryValue = string | number | boolean | string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  /** JSON-encoded unless it is bytes */
  body?: unknown;
  signal?: AbortSignal;
  /** Do not turn 4xx/5xx into errors (the caller reads the status). */
  allowError?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  json<T>(): Promise<T>;
}

/** A hijacked connection: the service's raw output and our input to it. */
export interface HijackedConnection {
  output: AsyncIterable<Uint8Array>;
  write(data: Uint8Array): void;
  /** Half-closes our side (the process's stdin ends). */
  endInput(): void;
  close(): void;
}

function queryString(q: Query | undefined): string {
  if (!q) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString("utf8");
}

export class ApiClient {
  private socketPath?: Promise<string | undefined>;

  constructor(
    readonly address: ApiAddress,
    /** The URI the user gave, for error messages. */
    readonly uri: string,
  ) {}

  /** A unix socket path (ssh: the local end of the tunnel), or undefined for TCP. */
  private localSocket(): Promise<string | undefined> {
    const a = this.address;
    return (this.socketPath ??= a.kind === "unix" ? Promise.resolve(a.path) : a.kind === "ssh" ? startSshForward(a) : Promise.resolve(undefined));
  }

  private unreachable(err: NodeJS.ErrnoException): TspodError {
    const reason = err.code === "ENOENT" ? "no such file or directory" : err.code === "ECONNREFUSED" ? "connection refused" : err.code === "EACCES" ? "permission denied" : err.message.replace(/^connect /, "");
    return exactError(
      "internal",
      `unable to connect to Podman socket: Get "http://d/v${LIBPOD_API_VERSION}/libpod/_ping": ${this.address.kind === "tcp" ? "dial tcp" : "dial unix"} ${this.address.kind === "tcp" ? `${this.address.host}:${this.address.port}` : this.address.kind === "unix" ? this.address.path : this.uri}: connect: ${reason}`,
      err,
    );
  }

  /** `/libpod/...` paths get the version prefix; `compat:` paths go unversioned. */
  private fullPath(path: string, q?: Query): string {
    return `${path.startsWith("/libpod/") ? `/v${LIBPOD_API_VERSION}${path}` : path}${queryString(q)}`;
  }

  async request(method: string, path: string, o: RequestOptions = {}): Promise<ApiResponse> {
    const socketPath = await this.localSocket();
    const a = this.address;
    const payload = o.body === undefined ? undefined : o.body instanceof Uint8Array ? o.body : Buffer.from(JSON.stringify(o.body));
    const headers: Record<string, string | number> = { Host: "d" };
    if (payload) {
      headers["Content-Type"] = o.body instanceof Uint8Array ? "application/x-tar" : "application/json";
      headers["Content-Length"] = payload.byteLength;
    }
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(
        {
          method,
          path: this.fullPath(path, o.query),
          headers,
          signal: o.signal,
          ...(socketPath ? { socketPath } : { host: a.kind === "tcp" ? a.host : "localhost", port: a.kind === "tcp" ? a.port : 80 }),
        },
        resolve,
      );
      req.on("error", (err: NodeJS.ErrnoException) => reject(err.name === "AbortError" ? err : this.unreachable(err)));
      req.end(payload);
    });
    const response: ApiResponse = {
      status: res.statusCode ?? 0,
      headers: res.headers,
      body: res,
      text: () => readAll(res),
      json: async <T>() => {
        const t = await readAll(res);
        try {
          return JSON.parse(t) as T;
        } catch {
          throw new TspodError("internal", `decoding the service's answer to ${method} ${path}: ${t.slice(0, 200)}`);
        }
      },
    };
    if (response.status >= 400 && !o.allowError) throw errorFromResponse(response.status, await response.text());
    return response;
  }

  /** A request whose JSON answer is returned. */
  async json<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    return (await this.request(method, path, o)).json<T>();
  }

  /** A request answered without a body that matters (204, 304). */
  async call(method: string, path: string, o: RequestOptions = {}): Promise<number> {
    const res = await this.request(method, path, o);
    await res.text();
    return res.status;
  }

  /** Each line of a streamed JSON-lines answer, parsed. */
  async *jsonLines<T>(res: ApiResponse): AsyncGenerator<T> {
    let buf = "";
    const dec = new TextDecoder();
    for await (const chunk of res.body) {
      buf += dec.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield JSON.parse(line) as T;
      }
    }
    if (buf.trim()) yield JSON.parse(buf) as T;
  }

  /**
   * POSTs with `Upgrade: tcp` and hands over the raw connection once the service answers 101
   * (or 200: the stream follows the headers). Errors (404, 409 …) are mapped like request()'s.
   */
  async hijack(path: string, o: { query?: Query; body?: unknown } = {}): Promise<HijackedConnection> {
    const socketPath = await this.localSocket();
    const a = this.address;
    const sock: Duplex = socketPath ? net.connect({ path: socketPath }) : net.connect({ host: a.kind === "tcp" ? a.host : "localhost", port: a.kind === "tcp" ? a.port : 80 });
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", resolve);
      sock.once("error", (err) => reject(this.unreachable(err)));
    });
    const payload = o.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(o.body));
    sock.write(
      `POST ${this.fullPath(path, o.query)} HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${payload.byteLength}\r\n\r\n`,
    );
    if (payload.byteLength) sock.write(payload);
    const iter = (sock as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    let end = -1;
    while (end < 0) {
      const next = await iter.next();
      if (next.done) throw new TspodError("internal", `the service closed the connection during ${path}`);
      head = Buffer.concat([head, Buffer.from(next.value)]);
      end = head.indexOf("\r\n\r\n");
    }
    const headerText = head.subarray(0, end).toString("latin1");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headerText)?.[1] ?? 0);
    const rest = head.subarray(end + 4);
    const output: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: async function* () {
        if (rest.byteLength) yield rest;
        for (;;) {
          const next = await iter.next();
          if (next.done) return;
          yield next.value;
        }
      },
    };
    if (status >= 400) {
      const len = Number(/\r\ncontent-length: *(\d+)/i.exec(headerText)?.[1] ?? -1);
      let text = rest.toString("utf8");
      if (len < 0 || text.length < len) text = await readAll(output);
      sock.destroy();
      throw errorFromResponse(status, text.slice(0, len >= 0 ? len : undefined));
    }
    return {
      output,
      write: (d) => void sock.write(d),
      endInput: () => void sock.end(),
      close: () => void sock.destroy(),
    };
  }
}
