/**
 * Reaches a unix socket on another host through the `ssh` binary: `ssh -N -L LOCAL:REMOTE`
 * forwards a private local socket to the remote one (OpenSSH's direct-streamlocal channel, so the
 * remote side needs only sshd and the service's socket). The tunnel lives as long as this process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { sleep } from "./sleep.ts";

export interface SshForwardTarget {
  user?: string;
  host: string;
  port: number;
  /** the socket path on the remote host */
  path: string;
  identity?: string;
  /** the known_hosts file to check the host key against (default: ssh's own) */
  knownHosts?: string;
}

/** Starts the tunnel and resolves with the local socket path once it accepts connections. */
export async function startSshForward(t: SshForwardTarget, timeoutMs = 30_000): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-ssh-"));
  const local = path.join(dir, "api.sock");
  const args = ["-N", "-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes", "-o", "BatchMode=yes", "-p", String(t.port)];
  if (t.identity) args.push("-i", t.identity);
  if (t.knownHosts) args.push("-o", `UserKnownHostsFile=${t.knownHosts}`);
  args.push("-L", `${local}:${t.path}`, t.user ? `${t.user}@${t.host}` : t.host);
  const child = spawn("ssh", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exited: number | null | undefined;
  let spawnError: Error | undefined;
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  child.on("exit", (code) => (exited = code));
  child.on("error", (err) => (spawnError = err));
  const cleanup = () => {
    if (exited === undefined) child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", cleanup);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (spawnError) throw new TspodError("config", `running ssh: ${spawnError.message}`, spawnError);
    if (exited !== undefined) throw new TspodError("internal", `ssh to ${t.host} failed (exit ${exited}): ${stderr.trim()}`);
    if (fs.existsSync(local)) {
      child.unref();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
      return local;
    }
    await sleep(20);
  }
  cleanup();
  throw new TspodError("internal", `ssh to ${t.host}: no tunnel after ${timeoutMs / 1000}s: ${stderr.trim()}`);
}
