/** `system connection add`'s DESTINATION → the URI stored in containers.conf (Podman's forms). */
import { exactError } from "../../../errors/tspod-error.ts";

export const ROOT_SOCKET = "/run/podman/podman.sock";

export function destinationUri(dest: string, o: { port: number; socketPath?: string }): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(dest)?.[1]?.toLowerCase();
  if (!scheme) return sshUri(`ssh://${dest}`, dest, o);
  if (scheme === "ssh") return sshUri(dest, dest, o);
  if (scheme === "unix") {
    const p = dest.slice("unix://".length);
    if (!p.startsWith("/")) throw exactError("invalid_argument", `"${dest}": unix socket path must be absolute`);
    return dest;
  }
  if (scheme === "tcp") {
    if (!/^tcp:\/\/(\[[^\]]+\]|[^:/]+):\d+\/?$/.test(dest)) throw exactError("invalid_argument", `"${dest}": expected tcp://HOST:PORT`);
    return dest;
  }
  throw exactError("invalid_argument", `"${dest}": unsupported scheme "${scheme}" (use ssh://, tcp:// or unix://)`);
}

function sshUri(uri: string, dest: string, o: { port: number; socketPath?: string }): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw exactError("invalid_argument", `"${dest}": not a valid destination`);
  }
  if (!url.hostname) throw exactError("invalid_argument", `"${dest}": no host name`);
  const user = url.username ? decodeURIComponent(url.username) : "";
  let path = url.pathname && url.pathname !== "/" ? decodeURIComponent(url.pathname) : o.socketPath;
  if (!path) {
    if (user && user !== "root") {
      throw exactError("invalid_argument", `"${dest}": the socket path on ${url.hostname} is needed for user ${user}: give it in the URI or with --socket-path`);
    }
    path = ROOT_SOCKET;
  }
  const port = url.port ? Number(url.port) : o.port;
  return `ssh://${user ? `${user}@` : ""}${url.hostname}:${port}${path.startsWith("/") ? "" : "/"}${path}`;
}
