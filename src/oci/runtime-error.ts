/**
 * Turns an OCI runtime failure into the error a Podman user expects: a missing command exits
 * 127, a command that cannot be executed exits 126, anything else is an engine error (125).
 */
import { TspodError } from "../errors/tspod-error.ts";

export function runtimeFailure(runtimeName: string, message: string): TspodError {
  const text = message.trim().replace(/^.*?runc create failed: /, "");
  if (/executable file not found|no such file or directory/.test(text) && /exec:|stat /.test(text)) {
    return new TspodError("cmd_not_found", `${runtimeName}: ${text}`);
  }
  if (/permission denied/.test(text) && /exec/.test(text)) {
    return new TspodError("cmd_permission", `${runtimeName}: ${text}`);
  }
  return new TspodError("runtime", `${runtimeName}: ${text}`);
}
