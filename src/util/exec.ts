/** Runs an external program to completion and collects its output (Bun.spawn behind one call). */
import { TspodError } from "../errors/tspod-error.ts";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  input?: string | Uint8Array;
  env?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
}

export async function execCommand(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  let proc;
  try {
    proc = Bun.spawn(argv, {
      stdin: opts.input === undefined ? "ignore" : new Blob([opts.input]),
      stdout: "pipe",
      stderr: "pipe",
      env: opts.env,
      cwd: opts.cwd,
      signal: opts.signal,
    });
  } catch (err) {
    throw new TspodError("internal", `running ${argv[0]}: ${(err as Error).message}`, err);
  }
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** Like execCommand, but a non-zero exit becomes an error carrying the program's stderr. */
export async function execChecked(argv: string[], opts: ExecOptions = {}): Promise<string> {
  const res = await execCommand(argv, opts);
  if (res.code !== 0) {
    throw new TspodError("internal", `${argv.join(" ")} failed (exit ${res.code}): ${res.stderr.trim() || res.stdout.trim()}`);
  }
  return res.stdout;
}
