/**
 * systemd socket activation for the node:http server, which under Bun cannot adopt a listening fd:
 * a worker accepts on the passed socket, and each connection is relayed (both ways, with
 * back-pressure) to the server listening on a private unix socket.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "bun";

function acceptWorkerUrl(): string {
  return import.meta.url.startsWith("file:///$bunfs/") ? "./api/accept-worker.ts" : new URL("./accept-worker.ts", import.meta.url).href;
}

/** A private socket path for the server behind the relay. */
export function privateSocketPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-api-"));
  fs.chmodSync(dir, 0o700);
  return path.join(dir, "api.sock");
}

interface Side {
  peer?: Socket<Side>;
  pending: Uint8Array[];
  ended: boolean;
}

function forward(from: Socket<Side>, data: Uint8Array): void {
  const peer = from.data.peer;
  if (!peer) {
    from.data.pending.push(data);
    return;
  }
  if (peer.data.pending.length > 0) {
    peer.data.pending.push(data);
    return;
  }
  const n = peer.write(data);
  if (n < data.byteLength) peer.data.pending.push(data.subarray(Math.max(0, n)));
}

function drain(s: Socket<Side>): void {
  while (s.data.pending.length > 0) {
    const chunk = s.data.pending[0]!;
    const n = s.write(chunk);
    if (n < chunk.byteLength) {
      s.data.pending[0] = chunk.subarray(Math.max(0, n));
      return;
    }
    s.data.pending.shift();
  }
  if (s.data.ended) s.shutdown();
}

const handlers = {
  data: (s: Socket<Side>, d: Uint8Array) => forward(s, new Uint8Array(d)),
  drain: (s: Socket<Side>) => drain(s),
  end: (s: Socket<Side>) => {
    const peer = s.data.peer;
    if (!peer) return;
    // a half-close (Docker's CloseWrite) is passed on as one: the other direction keeps flowing
    if (peer.data.pending.length) peer.data.ended = true;
    else peer.shutdown();
  },
  close: (s: Socket<Side>) => void s.data.peer?.end(),
  error: (s: Socket<Side>) => void s.data.peer?.end(),
};

async function relay(fd: number, target: string): Promise<void> {
  const fromFd = { fd, data: { pending: [], ended: false }, allowHalfOpen: true, socket: handlers } as unknown as Parameters<typeof Bun.connect<Side>>[0];
  const client = await Bun.connect<Side>(fromFd);
  try {
    const server = await Bun.connect<Side>({ unix: target, data: { peer: client, pending: [], ended: false }, allowHalfOpen: true, socket: handlers });
    // bytes the client sent before the server side was connected
    const early = client.data.pending.splice(0);
    client.data.peer = server;
    for (const chunk of early) forward(client, chunk);
  } catch {
    client.end();
  }
}

/** Starts relaying connections from `listenFd` to `target`; returns a function that stops accepting. */
export function relayActivatedSocket(listenFd: number, target: string): () => void {
  const worker = new Worker(acceptWorkerUrl());
  worker.onmessage = (e: MessageEvent<number>) => {
    if (e.data >= 0) void relay(e.data, target);
  };
  worker.postMessage({ fd: listenFd });
  return () => worker.terminate();
}
