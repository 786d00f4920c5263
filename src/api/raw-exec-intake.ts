/**
 * Connections are accepted here first, before node:http sees them. Podman's remote client (4.3)
 * sends `POST …/exec/{id}/start` without an Upgrade header and then streams the exec's stdin on the
 * same connection; node:http would parse those bytes as a next request. Such a request is read by
 * hand (head + Content-Length body) and answered on the raw socket, as Podman's server does (a
 * `200 OK` raw stream until close); every other connection is handed to node:http unchanged.
 */
import net, { type Socket } from "node:net";
import { Readable } from "node:stream";
import type { IncomingHttpHeaders } from "node:http";

/** The longest request head read by hand; past it the connection goes to node:http. */
const MAX_HEAD = 64 * 1024;
const EXEC_START = /^\/(?:v\d+(?:\.\d+){0,2}\/)?(?:libpod\/)?exec\/[^/?]+\/start\/?(?:\?|$)/;

/** A request read by hand: its body (Content-Length bytes) as a stream, with the head's fields. */
export type RawRequest = Readable & { method: string; url: string; headers: IncomingHttpHeaders };

interface ParsedHead {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  headEnd: number;
}

/** Parses a request head; undefined when it is not one this module takes. */
export function parseHijackHead(buf: Buffer): ParsedHead | "incomplete" | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) {
    // the request line alone tells whether to wait for the rest of the head
    const nl = buf.indexOf("\r\n");
    const line = buf.subarray(0, nl < 0 ? Math.min(buf.length, 2048) : nl).toString("latin1");
    if (!"POST ".startsWith(line.slice(0, 5)) || buf.length > MAX_HEAD) return undefined;
    if (nl >= 0 && !EXEC_START.test(line.split(" ")[1] ?? "")) return undefined;
    return "incomplete";
  }
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const [method, url, proto] = lines[0]!.split(" ");
  if (method !== "POST" || !url || !proto?.startsWith("HTTP/1.") || !EXEC_START.test(url)) return undefined;
  const headers: IncomingHttpHeaders = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(":");
    if (i <= 0) return undefined;
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  // clients that ask for an upgrade, or send a chunked body, are served by node:http
  if (/upgrade/i.test(String(headers.connection ?? "")) || headers.upgrade || headers["transfer-encoding"]) return undefined;
  const len = Number(headers["content-length"] ?? "0");
  if (!Number.isSafeInteger(len) || len < 0 || len > MAX_HEAD) return undefined;
  return { method, url, headers, headEnd: end + 4 };
}

/**
 * A net.Server whose connections go to `http` (node:http's "connection"), except raw exec starts,
 * which go to `onRaw` with the socket (any bytes after the body are unshifted back onto it).
 */
export function createIntakeServer(http: { emit(event: "connection", s: Socket): boolean }, onRaw: (req: RawRequest, socket: Socket) => void): net.Server {
  return net.createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) => {
    let buf: Buffer = Buffer.alloc(0);
    const toHttp = () => {
      socket.off("data", onData);
      socket.pause();
      if (buf.length > 0) socket.unshift(buf);
      http.emit("connection", socket);
      socket.resume();
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const head = parseHijackHead(buf);
      if (head === undefined) return toHttp();
      if (head === "incomplete") return;
      const len = Number(head.headers["content-length"] ?? "0");
      if (buf.length < head.headEnd + len) return;
      socket.off("data", onData);
      socket.pause();
      const rest = buf.subarray(head.headEnd + len);
      if (rest.length > 0) socket.unshift(rest);
      const req = Object.assign(Readable.from([buf.subarray(head.headEnd, head.headEnd + len)]), { method: head.method, url: head.url, headers: head.headers });
      // stays paused until the handler reads stdin (socket-input.ts resumes it)
      onRaw(req, socket);
    };
    socket.on("data", onData);
    socket.on("error", () => socket.destroy());
  });
}
