/** `system service [URI]`: unix://PATH or tcp://HOST:PORT. */
import { TspodError } from "../errors/tspod-error.ts";

export type ListenAddress = { kind: "unix"; path: string } | { kind: "tcp"; host: string; port: number } | { kind: "fd"; fd: number };

export const DEFAULT_ROOT_SOCKET = "/run/tspod/tspod.sock";

export function parseListenAddress(uri: string): ListenAddress {
  if (uri.startsWith("unix://")) {
    const path = uri.slice("unix://".length);
    if (!path.startsWith("/")) throw new TspodError("invalid_argument", `${uri}: unix socket path must be absolute`);
    return { kind: "unix", path };
  }
  if (uri.startsWith("tcp://")) {
    const rest = uri.slice("tcp://".length).replace(/\/$/, "");
    const m = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(rest);
    const port = m ? Number(m[2]) : NaN;
    if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new TspodError("invalid_argument", `${uri}: expected tcp://HOST:PORT`);
    return { kind: "tcp", host: m[1]!.replace(/^\[|\]$/g, "") || "127.0.0.1", port };
  }
  if (uri.startsWith("fd://")) {
    const fd = Number(uri.slice("fd://".length));
    if (!Number.isInteger(fd) || fd < 0) throw new TspodError("invalid_argument", `${uri}: expected fd://N`);
    return { kind: "fd", fd };
  }
  throw new TspodError("invalid_argument", `${uri}: API Service endpoint scheme not supported (use unix:// or tcp://)`);
}
