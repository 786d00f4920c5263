/** Starts the API service on the address `system service` was given, or on systemd's socket. */
import type { Engines } from "../domain/engines.ts";
import { socketActivationFds } from "../config/socket-activation.ts";
import { DEFAULT_ROOT_SOCKET, parseListenAddress, type ListenAddress } from "./api-listen-address.ts";
import { ApiServer } from "./api-server.ts";
import { buildRouter } from "./api-routes.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { privateSocketPath, relayActivatedSocket } from "./activated-socket.ts";
import fs from "node:fs";
import path from "node:path";

export interface ApiServiceOptions {
  uri?: string;
  idleMs: number;
  engines: Engines;
  log?: (line: string) => void;
}

export interface RunningService {
  where: string;
  stopped: Promise<void>;
  shutdown(): Promise<void>;
}

export async function runApiService(o: ApiServiceOptions): Promise<RunningService> {
  const fds = socketActivationFds();
  let address: ListenAddress;
  if (fds.length > 0) {
    if (fds.length > 1) throw new TspodError("invalid_argument", `systemd passed ${fds.length} sockets; the service listens on one`);
    address = { kind: "fd", fd: fds[0]! };
  } else {
    address = parseListenAddress(o.uri ?? `unix://${DEFAULT_ROOT_SOCKET}`);
  }
  // node:http under Bun cannot listen on an inherited fd: relay it to a private socket
  const listenOn: ListenAddress = address.kind === "fd" ? { kind: "unix", path: privateSocketPath() } : address;
  const server = new ApiServer({ address: listenOn, idleMs: o.idleMs, engines: o.engines, router: buildRouter(), log: o.log });
  await server.listen();
  let stopRelay: (() => void) | undefined;
  if (address.kind === "fd" && listenOn.kind === "unix") {
    stopRelay = relayActivatedSocket(address.fd, listenOn.path);
    void server.stopped.then(() => {
      stopRelay?.();
      fs.rmSync(path.dirname(listenOn.path), { recursive: true, force: true });
    });
  }
  const where = address.kind === "unix" ? `unix://${address.path}` : address.kind === "tcp" ? `tcp://${address.host}:${server.port}` : `fd://${address.fd}`;
  return { where, stopped: server.stopped, shutdown: () => server.shutdown() };
}
