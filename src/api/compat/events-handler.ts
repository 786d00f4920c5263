/** GET /events: Docker's event objects (libpod: Podman's), streamed until `until` or disconnect. */
import type { ApiRequest } from "../api-request.ts";
import type { TspodEvent } from "../../define/event-types.ts";
import { qBool, qFilters, qTime } from "../api-params.ts";
import type { StreamWriter } from "../api-reply.ts";

/** Docker's event shape from Podman's. */
export function dockerEvent(e: TspodEvent): Record<string, unknown> {
  // timeNano needs all 19 digits: a bigint, written by eventJson
  const t = Date.parse(e.Time);
  const frac = /\.(\d+)/.exec(e.Time)?.[1] ?? "0";
  const nanos = BigInt(Math.floor(t / 1000)) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
  const attrs: Record<string, string> = { ...(e.Attributes ?? {}) };
  if (e.Image) attrs.image = e.Image;
  if (e.Name) attrs.name = e.Name;
  if (e.ContainerExitCode !== undefined && e.Status === "died") attrs.exitCode = String(e.ContainerExitCode);
  const action = e.Status === "remove" && e.Type === "container" ? "destroy" : e.Status;
  return {
    status: action,
    id: e.ID ?? "",
    from: e.Image ?? "",
    Type: e.Type,
    Action: action,
    Actor: { ID: e.ID ?? "", Attributes: attrs },
    scope: "local",
    time: Math.floor(t / 1000),
    timeNano: nanos,
  };
}

/** JSON with bigints written as plain numbers. */
export function eventJson(e: Record<string, unknown>): string {
  return JSON.stringify(e, (_k, v) => (typeof v === "bigint" ? `@@${v}@@` : v)).replace(/"@@(\d+)@@"/g, "$1");
}

const HEADER_DELAY_MS = 50;

export async function events(r: ApiRequest): Promise<void> {
  const until = qTime(r.query, "until");
  // Docker streams unless `until` has passed; libpod has an explicit `stream` (default true)
  const follow = r.libpod ? qBool(r.query, "stream", true) : until === undefined || until > Date.now();
  // Docker's stream without `since` starts now (libpod's replays the log, as Podman does); a
  // replay would make docker-compose's `logs` follow every container twice
  const since = qTime(r.query, "since") ?? (!r.libpod && follow ? Date.now() : undefined);
  // Docker calls a container's removal "destroy"
  const filters = qFilters(r.query).map((f) => (f === "event=destroy" ? "event=remove" : f));
  // The 200 goes out with the first event or after a short moment, so a bad filter (which the
  // engine refuses at once) still gets its own 400 instead of a cut stream.
  let out: StreamWriter | undefined;
  const begin = () => (out ??= r.reply.stream(200, "application/json"));
  const headerTimer = setTimeout(begin, HEADER_DELAY_MS);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  r.signal.addEventListener("abort", onAbort, { once: true });
  const timer = follow && until !== undefined ? setTimeout(() => abort.abort(), until - Date.now()) : undefined;
  try {
    await r.engines.events.events(
      { filters, since, until, stream: follow },
      (e) => void begin().write(`${r.libpod ? JSON.stringify(e) : eventJson(dockerEvent(e))}\n`),
      abort.signal,
    );
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(headerTimer);
    clearTimeout(timer);
    r.signal.removeEventListener("abort", onAbort);
  }
  begin().end();
}
