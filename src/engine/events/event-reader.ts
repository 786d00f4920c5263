/**
 * Reading the file events backend: the events already written, then (when streaming) new lines
 * as other tspod processes append them. Filters follow Podman: values of one key are ORed,
 * different keys ANDed.
 */
import fs from "node:fs";
import { sleep } from "../../util/sleep.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import type { TspodEvent } from "./event.ts";
import { eventTimeNanos } from "../../util/go-time.ts";
import { parseEventTime } from "../../util/event-time.ts";

export interface EventReadOptions {
  filters: string[];
  /** ms since the epoch */
  since?: number;
  until?: number;
  stream: boolean;
}

type Predicate = (e: TspodEvent) => boolean;

const KEYS = ["container", "event", "status", "image", "label", "type", "since", "until", "pod", "volume", "network"];

function matchFilter(key: string, value: string): Predicate {
  switch (key) {
    case "container":
      return (e) => e.Type === "container" && (e.Name === value || (e.ID ?? "").startsWith(value));
    case "event":
    case "status":
      return (e) => e.Status === value || (value === "die" && e.Status === "died");
    case "image":
      return (e) => e.Image === value || e.Image?.split("@")[0] === value || (e.Type === "image" && (e.Name === value || (e.ID ?? "").startsWith(value))) || (e.Image ?? "").replace(/:latest$/, "").endsWith(`/${value}`);
    case "label": {
      const [k, v] = value.split("=", 2) as [string, string | undefined];
      return (e) => e.Attributes != null && k in e.Attributes && (v === undefined || e.Attributes[k] === v);
    }
    case "type":
      return (e) => e.Type === value;
    case "pod":
    case "volume":
    case "network":
      return (e) => e.Type === key && (e.Name === value || (e.ID ?? "").startsWith(value));
    default:
      throw new TspodError("invalid_argument", `${key} is an invalid filter`);
  }
}

/** Builds the predicate of all filters plus --since/--until. */
export function eventMatcher(opts: Pick<EventReadOptions, "filters" | "since" | "until">): Predicate {
  const byKey = new Map<string, Predicate[]>();
  let since = opts.since;
  let until = opts.until;
  for (const f of opts.filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw new TspodError("invalid_argument", `${f} is an invalid filter`);
    const key = f.slice(0, eq);
    const value = f.slice(eq + 1);
    if (!KEYS.includes(key)) throw new TspodError("invalid_argument", `${key} is an invalid filter`);
    if (key === "since") since = parseEventTime(value);
    else if (key === "until") until = parseEventTime(value);
    else byKey.set(key === "status" ? "event" : key, [...(byKey.get(key === "status" ? "event" : key) ?? []), matchFilter(key, value)]);
  }
  const sinceNs = since === undefined ? undefined : BigInt(Math.floor(since)) * 1_000_000n;
  const untilNs = until === undefined ? undefined : BigInt(Math.floor(until)) * 1_000_000n;
  const groups = [...byKey.values()];
  return (e) => {
    if (sinceNs !== undefined || untilNs !== undefined) {
      const t = eventTimeNanos(e.Time);
      if (sinceNs !== undefined && t < sinceNs) return false;
      if (untilNs !== undefined && t > untilNs) return false;
    }
    return groups.every((g) => g.some((p) => p(e)));
  };
}

function parseLine(line: string): TspodEvent | undefined {
  try {
    const e = JSON.parse(line) as TspodEvent;
    return typeof e === "object" && e !== null && typeof e.Status === "string" ? e : undefined;
  } catch {
    return undefined; // a torn line (e.g. a full disk) is skipped, not fatal
  }
}

/**
 * Calls `onEvent` for every matching event. With `stream` it keeps following the file until
 * `signal` aborts (or `until` has passed).
 */
export async function readEvents(file: string, opts: EventReadOptions, onEvent: (e: TspodEvent) => void, signal?: AbortSignal): Promise<void> {
  const match = eventMatcher(opts);
  let offset = 0;
  let pending = "";
  const drain = () => {
    let fd: number;
    try {
      fd = fs.openSync(file, "r");
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < offset) offset = 0; // rotated or recreated
      while (offset < size) {
        const buf = Buffer.alloc(Math.min(size - offset, 1 << 20));
        const n = fs.readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) break;
        offset += n;
        const text = pending + buf.subarray(0, n).toString("utf8");
        const lines = text.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line) continue;
          const e = parseLine(line);
          if (e && match(e)) onEvent(e);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  drain();
  if (!opts.stream) return;
  while (!signal?.aborted) {
    if (opts.until !== undefined && Date.now() > opts.until) return;
    try {
      await sleep(100, signal);
    } catch {
      return;
    }
    drain();
  }
}
