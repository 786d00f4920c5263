/**
 * How a handler answers: a JSON body, a streamed body, or a hijacked raw stream (Docker's attach and
 * exec). One interface over node:http's ServerResponse and over the raw socket of an upgrade request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import { bufferedInput } from "./socket-input.ts";

/** A byte sink that honours back-pressure: `write` resolves once the peer can take more. */
export interface StreamWriter {
  write(chunk: Uint8Array | string): Promise<void>;
  end(): void;
}

/** A hijacked connection: output to the client, and the client's input (stdin). */
export interface HijackedStream extends StreamWriter {
  input: AsyncIterable<Uint8Array>;
}

export interface ApiReply {
  readonly started: boolean;
  /** The status sent (0 before anything was sent). */
  readonly status: number;
  setHeader(name: string, value: string): void;
  json(status: number, value: unknown): void;
  /** A response without a body (204, 304) or with a short text body. */
  send(status: number, body?: string | Uint8Array, contentType?: string): void;
  stream(status: number, contentType: string): StreamWriter;
  /** 101 UPGRADED on an upgrade request, else a 200 response whose body is the stream. */
  hijack(contentType: string): HijackedStream;
  /** Gives up on the connection (after an error once the body has started). */
  abort(): void;
}

function writeTo(target: { write(c: Uint8Array | string, cb: (err?: Error | null) => void): boolean; destroyed?: boolean }, chunk: Uint8Array | string): Promise<void> {
  return new Promise((resolve) => {
    if (target.destroyed) return resolve();
    // the callback runs once the chunk is flushed (or the peer is gone): never reject, the
    // request's AbortSignal tells handlers that the client went away
    target.write(chunk, () => resolve());
  });
}

export class HttpReply implements ApiReply {
  private readonly headers: Record<string, string> = {};

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  get started(): boolean {
    return this.res.headersSent;
  }

  get status(): number {
    return this.res.headersSent ? this.res.statusCode : 0;
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  json(status: number, value: unknown): void {
    this.send(status, `${JSON.stringify(value)}\n`, "application/json");
  }

  send(status: number, body?: string | Uint8Array, contentType = "text/plain; charset=utf-8"): void {
    const headers: Record<string, string | number> = { ...this.headers };
    if (body !== undefined && status !== 204 && status !== 304) {
      headers["Content-Type"] = contentType;
      headers["Content-Length"] = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
      this.res.writeHead(status, headers);
      this.res.end(this.req.method === "HEAD" ? undefined : body);
      return;
    }
    this.res.writeHead(status, headers);
    this.res.end();
  }

  stream(status: number, contentType: string): StreamWriter {
    this.res.writeHead(status, { ...this.headers, "Content-Type": contentType });
    this.res.flushHeaders();
    return { write: (c) => writeTo(this.res, c), end: () => this.res.end() };
  }

  hijack(contentType: string): HijackedStream {
    const input = bufferedInput(this.req);
    const out = this.stream(200, contentType);
    return { ...out, input };
  }

  abort(): void {
    this.res.destroy();
  }
}

/** The reply on an upgrade request: HTTP is written by hand on the raw socket. */
export class UpgradeReply implements ApiReply {
  private readonly headers: Record<string, string> = {};
  private begun = false;
  status = 0;

  /** `upgraded`: the client asked for an upgrade (101); else a 200 raw stream until close, as Podman answers. */
  constructor(
    private readonly socket: Socket,
    private readonly upgraded = true,
  ) {}

  get started(): boolean {
    return this.begun;
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  private head(status: number, extra: Record<string, string | number>): string {
    this.status = status;
    const all = { ...this.headers, ...extra };
    const lines = [`HTTP/1.1 ${status} ${status === 101 ? "UPGRADED" : (STATUS_CODES[status] ?? "")}`];
    for (const [k, v] of Object.entries(all)) lines.push(`${k}: ${v}`);
    return `${lines.join("\r\n")}\r\n\r\n`;
  }

  json(status: number, value: unknown): void {
    this.send(status, `${JSON.stringify(value)}\n`, "application/json");
  }

  send(status: number, body: string | Uint8Array = "", contentType = "text/plain; charset=utf-8"): void {
    this.begun = true;
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    this.socket.write(this.head(status, { "Content-Type": contentType, "Content-Length": bytes.byteLength, Connection: "close" }));
    this.socket.end(bytes);
  }

  stream(status: number, contentType: string): StreamWriter {
    this.begun = true;
    this.socket.write(this.head(status, { "Content-Type": contentType, Connection: "close" }));
    return { write: (c) => writeTo(this.socket, c), end: () => this.socket.end() };
  }

  hijack(contentType: string): HijackedStream {
    this.begun = true;
    const input = bufferedInput(this.socket);
    this.socket.write(this.upgraded ? this.head(101, { "Content-Type": contentType, Connection: "Upgrade", Upgrade: "tcp" }) : this.head(200, { "Content-Type": contentType }));
    return { write: (c) => writeTo(this.socket, c), end: () => this.socket.end(), input };
  }

  abort(): void {
    this.socket.destroy();
  }
}
