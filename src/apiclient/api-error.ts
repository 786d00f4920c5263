/**
 * Turns a service's error answer back into a TspodError: Podman's `{cause, message, response}`
 * (or Docker's `{message}`) is mapped through the shared code table by its cause text, so the
 * message and the exit code are the ones local mode gives.
 */
import { ERROR_TABLE, exactError, type ErrorCode } from "../errors/tspod-error.ts";

const BY_STATUS: Record<number, ErrorCode> = { 400: "invalid_argument", 401: "unauthorized", 404: "no_such_object", 409: "ctr_state_invalid", 413: "body_too_large", 501: "not_implemented" };

function codeForCause(cause: string): ErrorCode | undefined {
  for (const [code, info] of Object.entries(ERROR_TABLE)) if (info.cause === cause) return code as ErrorCode;
  return undefined;
}

export function errorFromResponse(status: number, bodyText: string): Error {
  let cause = "";
  let message = "";
  try {
    const body = JSON.parse(bodyText) as { cause?: unknown; message?: unknown };
    if (typeof body.cause === "string") cause = body.cause;
    if (typeof body.message === "string") message = body.message;
  } catch {
    message = bodyText.trim();
  }
  if (!message) message = `the service answered ${status}`;
  const suffix = message.includes(": ") ? message.slice(message.lastIndexOf(": ") + 2) : message;
  const code = codeForCause(cause) ?? codeForCause(suffix) ?? BY_STATUS[status] ?? "internal";
  return exactError(code, message);
}
