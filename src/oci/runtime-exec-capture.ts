/**
 * `<runtime> exec` with captured output, for healthchecks: runs a command in a running container with the
 * container's env, user and working dir, collects output, and kills it after a timeout.
 */
import { execCommand } from "../util/exec.ts";

export interface RuntimeExecRequest {
  runtimePath: string;
  /** the runtime's --root */
  stateDir: string;
  id: string;
  args: string[];
  env: string[];
  cwd: string;
  user?: { uid: number; gid: number };
  timeoutMs: number;
}

export interface RuntimeExecResult {
  code: number;
  output: string;
  timedOut: boolean;
}

export async function runtimeExec(req: RuntimeExecRequest): Promise<RuntimeExecResult> {
  const argv = [req.runtimePath, "--root", req.stateDir, "exec", "--cwd", req.cwd || "/"];
  for (const e of req.env) argv.push("--env", e);
  if (req.user) argv.push("--user", `${req.user.uid}:${req.user.gid}`);
  argv.push(req.id, ...req.args);
  const abort = new AbortController();
  const timer = req.timeoutMs > 0 ? setTimeout(() => abort.abort(), req.timeoutMs) : undefined;
  try {
    const res = await execCommand(argv, { signal: abort.signal });
    return { code: abort.signal.aborted ? 1 : res.code, output: res.stdout + res.stderr, timedOut: abort.signal.aborted };
  } catch (err) {
    if (abort.signal.aborted) return { code: 1, output: "", timedOut: true };
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
