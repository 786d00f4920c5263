// Starts `tspod system service` on a test file's store for the API tests, and talks to it over
// its unix socket (Bun's fetch with `unix:`) or through Debian's docker CLI (/usr/bin/docker).

import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { TSPOD, waitFor, type SystemContext } from "./harness.ts";

export const DOCKER = "/usr/bin/docker";

export interface ApiService {
  sock: string;
  proc: ReturnType<typeof Bun.spawn>;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/** registries.conf that resolves short names to the fixture registry over plain HTTP */
export function apiRegistriesConf(t: SystemContext): string {
  return t.writeRegistriesConf("api-registries.conf", { search: [t.host], insecure: [t.host] });
}

export async function startService(t: SystemContext, name: string, extraArgs: string[] = ["-t", "0"], uri?: string): Promise<ApiService> {
  const sock = join(t.tmp, `${name}.sock`);
  const proc = Bun.spawn({
    cmd: [TSPOD, "--root", t.root, "--runroot", t.runroot, "system", "service", ...extraArgs, uri ?? `unix://${sock}`],
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
    // the file's own network config dir (test-networks.ts), as every tspod call of the harness gets
    env: { ...process.env, CONTAINERS_CONF: t.containersConf, CONTAINERS_REGISTRIES_CONF: apiRegistriesConf(t), REGISTRY_AUTH_FILE: join(t.tmp, "auth.json") },
  });
  let err = "";
  void (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(c);
  })();
  const up = await waitFor(() => err.includes("listening on") || proc.exitCode !== null, 15_000);
  if (!up || proc.exitCode !== null) throw new Error(`system service did not start: ${err}`);
  return {
    sock,
    proc,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (proc.exitCode === null) proc.kill(signal);
      return proc.exited;
    },
  };
}

/** an HTTP request over the service's unix socket */
export function api(sock: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://d${path}`, { ...init, unix: sock } as RequestInit);
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** runs Debian's docker CLI against the service (its own empty config dir) */
export async function docker(t: SystemContext, sock: string, args: string[], opts: { stdin?: string; timeout?: number } = {}): Promise<DockerResult> {
  const config = join(t.tmp, "docker-config");
  if (!existsSync(config)) mkdirSync(config);
  const proc = Bun.spawn({
    cmd: [DOCKER, ...args],
    stdin: opts.stdin !== undefined ? new TextEncoder().encode(opts.stdin) : "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.tmp, DOCKER_HOST: `unix://${sock}`, DOCKER_CONFIG: config },
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeout ?? 60_000);
  try {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
