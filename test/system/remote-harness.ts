// For the `tspod --remote` tests: starts `tspod system service` on the test file's store (with
// the file's containers.conf, so networks stay in its temp dir) and runs the same tspod command
// locally and remotely, so a test can compare output and exit codes.

import { join } from "node:path";
import { TSPOD, waitFor, type Result, type RunOptions, type SystemContext } from "./harness.ts";

export interface RemoteService {
  sock: string;
  url: string;
  stop(): Promise<number>;
}

export async function startRemoteService(t: SystemContext, name: string): Promise<RemoteService> {
  const sock = join(t.tmp, `${name}.sock`);
  const proc = Bun.spawn({
    cmd: [TSPOD, "--root", t.root, "--runroot", t.runroot, "system", "service", "--time", "0", `unix://${sock}`],
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
    env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf, CONTAINERS_CONF: t.containersConf, REGISTRY_AUTH_FILE: join(t.tmp, "auth.json") },
  });
  let err = "";
  void (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(c);
  })();
  const up = await waitFor(() => err.includes("listening on") || proc.exitCode !== null, 15_000);
  if (!up || proc.exitCode !== null) throw new Error(`system service did not start: ${err}`);
  return {
    sock,
    url: `unix://${sock}`,
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      return proc.exited;
    },
  };
}

/** Runs `tspod --url URL …` (the store flags the harness adds are ignored in remote mode). */
export function remote(t: SystemContext, svc: RemoteService, args: string[], o: RunOptions = {}): Promise<Result> {
  return t.tspod(["--url", svc.url, ...args], o);
}

/** The parts of a result that must match between local and remote mode. */
export function outcome(r: Result): { code: number; stdout: string; stderr: string } {
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}
