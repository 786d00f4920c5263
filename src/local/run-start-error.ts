/**
 * Podman's exit codes for a `run` whose container fails to start: 127 when the error says
 * something was not found, else 126 (define.ExitCode); errors before the start stay 125.
 */
import { EXIT_ENGINE, exactError, TspodError } from "../errors/tspod-error.ts";

export function runStartError(err: unknown): unknown {
  if (!(err instanceof TspodError) || err.exitCode !== EXIT_ENGINE || err.code === "aborted") return err;
  const text = err.message.toLowerCase();
  const notFound = text.includes("not found") || text.includes("executable path is empty") || text.includes("no such file");
  return exactError(notFound ? "cmd_not_found" : "start_failed", err.message, err);
}
