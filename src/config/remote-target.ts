/**
 * Whether tspod runs remotely and against which service, as Podman 4.3 decides it:
 * `--remote`, `--url` or `--connection` (or $CONTAINER_HOST / $CONTAINER_CONNECTION) switch to
 * remote; the URL comes from --connection, else --url, else $CONTAINER_CONNECTION, else
 * $CONTAINER_HOST, else the active connection in containers.conf, else the default socket.
 * The identity: --identity, else $CONTAINER_SSHKEY (with $CONTAINER_HOST), else the connection's.
 */
import os from "node:os";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { readDestinations, remoteEnv } from "./service-destinations.ts";
import { remoteRequested, type RemoteFlags } from "./remote-requested.ts";

export interface RemoteTarget {
  uri: string;
  identity?: string;
  /** ssh: the known_hosts file ($HOME/.ssh/known_hosts, as Podman reads it) */
  knownHosts?: string;
}

/** The socket `tspod system service` listens on by default as root. */
export const DEFAULT_REMOTE_URI = "unix:///run/tspod/tspod.sock";

function lookup(name: string, env: NodeJS.ProcessEnv): { uri: string; identity: string } {
  const d = readDestinations(env).destinations.find((x) => x.name === name);
  if (!d) throw new TspodError("invalid_argument", `"${name}" destination is not defined. See "tspod system connection add ..." to create a connection`);
  return d;
}

/** undefined: run locally. */
export function resolveRemoteTarget(flags: RemoteFlags, env: NodeJS.ProcessEnv = process.env): RemoteTarget | undefined {
  if (!remoteRequested(flags, env)) return undefined;
  const e = remoteEnv(env);
  let uri: string;
  let identity: string | undefined;
  if (flags.connection !== undefined) {
    const d = lookup(flags.connection, env);
    uri = d.uri;
    identity = d.identity;
  } else if (flags.url !== undefined) {
    uri = flags.url;
    identity = e.host !== undefined ? e.sshKey : undefined;
  } else if (e.connection !== undefined) {
    const d = lookup(e.connection, env);
    uri = d.uri;
    identity = d.identity;
  } else if (e.host !== undefined) {
    uri = e.host;
    identity = e.sshKey;
  } else {
    const file = readDestinations(env);
    const active = file.destinations.find((d) => d.name === file.active);
    uri = active?.uri ?? DEFAULT_REMOTE_URI;
    identity = active?.identity;
  }
  if (flags.identity) identity = flags.identity;
  const target: RemoteTarget = { uri, identity: identity || undefined };
  if (uri.startsWith("ssh://")) target.knownHosts = path.join(env.HOME || os.homedir(), ".ssh", "known_hosts");
  return target;
}
