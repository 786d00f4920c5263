/** GET /containers/{id}/logs: 8-byte framed lines (raw with a TTY); follow, timestamps, since, until, tail. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qInt, qTime } from "../api-params.ts";
import { frame } from "../stream-frames.ts";
import type { StreamWriter } from "../api-reply.ts";

const HEADER_DELAY_MS = 100;

export async function logs(r: ApiRequest): Promise<void> {
  const stdout = qBool(r.query, "stdout");
  const stderr = qBool(r.query, "stderr");
  if (!stdout && !stderr) throw exactError("invalid_argument", "Bad parameters: you must choose at least one stream");
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  const tty = c!.Config.Tty;
  const tailRaw = r.query.get("tail");
  const tail = tailRaw === null || tailRaw === "" || tailRaw === "all" ? undefined : qInt(r.query, "tail");
  const since = qTime(r.query, "since");
  const until = qTime(r.query, "until");
  const timestamps = qBool(r.query, "timestamps");
  // The 200 goes out with the first line (or after a moment when there is none yet): a client
  // that removes the container once it has the headers (docker-py's run) must not race the read.
  let out: StreamWriter | undefined;
  const begin = () => (out ??= r.reply.stream(200, tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"));
  const headerTimer = setTimeout(begin, HEADER_DELAY_MS);
  const enc = new TextEncoder();
  let last: Promise<void> = Promise.resolve();
  try {
    await r.engines.containers.logs(
      [r.params.id!],
      { follow: qBool(r.query, "follow"), timestamps: false, tail: tail !== undefined && tail >= 0 ? tail : undefined, since: since ? new Date(since) : undefined, until: until ? new Date(until) : undefined, names: false },
      (line) => {
        if (line.stream === "stdout" ? !stdout : !stderr) return;
        const text = `${timestamps ? `${line.time.replace(/\+00:00$/, "Z")} ` : ""}${line.text}${line.full ? "\n" : ""}`;
        const data = enc.encode(text);
        last = begin().write(tty ? data : frame(line.stream === "stdout" ? 1 : 2, data));
      },
      r.signal,
    );
  } catch (err) {
    if (!r.signal.aborted) throw err;
  } finally {
    clearTimeout(headerTimer);
  }
  await last;
  begin().end();
}
