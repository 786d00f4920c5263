/**
 * Whether this command talks to a service (`--remote`, `--url`, `--connection`, CONTAINER_HOST,
 * CONTAINER_CONNECTION) — decided without loading the connection store, so local commands pay
 * nothing for remote mode at start-up.
 */
export interface RemoteFlags {
  remote?: boolean;
  url?: string;
  connection?: string;
  identity?: string;
}

export function remoteRequested(flags: RemoteFlags, env: NodeJS.ProcessEnv = process.env): boolean {
  return flags.remote === true || flags.url !== undefined || flags.connection !== undefined || !!env.CONTAINER_HOST || !!env.CONTAINER_CONNECTION;
}
