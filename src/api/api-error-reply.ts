/**
 * The one error → HTTP mapping: a TspodError's code gives the status (errors/tspod-error.ts);
 * Docker's routes answer `{"message": …}`, Podman's `{cause, message, response}`.
 */
import { asTspodError } from "../errors/tspod-error.ts";
import type { ApiReply } from "./api-reply.ts";

export function errorBody(err: unknown, libpod: boolean): { status: number; body: Record<string, unknown> } {
  const e = asTspodError(err);
  const status = e.httpStatus;
  return { status, body: libpod ? { cause: e.causeText, message: e.message, response: status } : { message: e.message } };
}

/** Answers with the error if nothing was sent yet; otherwise the connection is cut. */
export function replyError(reply: ApiReply, err: unknown, libpod: boolean): number {
  const { status, body } = errorBody(err, libpod);
  if (reply.started) reply.abort();
  else reply.json(status, body);
  return status;
}
