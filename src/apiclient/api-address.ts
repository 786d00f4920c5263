/**
 * Where a remote service listens: unix://PATH, tcp://HOST:PORT, or
 * ssh://[USER@]HOST[:PORT][/PATH] (a unix socket on HOST, reached through the ssh binary).
 */
import { TspodError } from "../errors/tspod-error.ts";

export type ApiAddress =
  | { kind: "unix"; path: string }
  | { kind: "tcp"; host: string; port: number }
  | { kind: "ssh"; user?: string; host: string; port: number; path: string; identity?: string; knownHosts?: string };

/** The socket a root Podman (or tspod) service uses when an ssh:// URI names no path. */
export const DEFAULT_SSH_SOCKET = "/run/podman/podman.sock";

export function parseApiAddress(uri: string, identity?: string, knownHosts?: string): ApiAddress {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new TspodError("invalid_argument", `value "${uri}" for --url is not a valid URL`);
  }
  switch (url.protocol) {
    case "unix:": {
      // unix:///run/x.sock; also Podman's unix://run/x.sock (host "run")
      const p = decodeURIComponent(`${url.host ? `/${url.host}` : ""}${url.pathname}`);
      if (!p || p === "/") throw new TspodError("invalid_argument", `${uri}: unix socket path required`);
      return { kind: "unix", path: p };
    }
    case "tcp:": {
      const port = Number(url.port);
      if (!url.hostname || !url.port || !Number.isInteger(port)) throw new TspodError("invalid_argument", `${uri}: expected tcp://HOST:PORT`);
      return { kind: "tcp", host: url.hostname.replace(/^\[|\]$/g, ""), port };
    }
    case "ssh:":
      if (!url.hostname) throw new TspodError("invalid_argument", `${uri}: expected ssh://[USER@]HOST[:PORT][/PATH]`);
      return {
        kind: "ssh",
        user: url.username ? decodeURIComponent(url.username) : undefined,
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        path: url.pathname && url.pathname !== "/" ? decodeURIComponent(url.pathname) : DEFAULT_SSH_SOCKET,
        identity,
        knownHosts,
      };
    default:
      throw new TspodError("invalid_argument", `${uri}: unsupported connection scheme "${url.protocol.replace(/:$/, "")}" (use unix://, tcp:// or ssh://)`);
  }
}
