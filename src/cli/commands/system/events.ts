import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { isJsonFormat, renderSingle } from "../../format/output.ts";
import type { TspodEvent } from "../../../define/event-types.ts";
import { goTimeString } from "../../../util/go-time.ts";
import { parseEventTime } from "../../../util/event-time.ts";
import { compareStrings } from "../../../util/compare-strings.ts";

/** Podman's default line: `TIME TYPE STATUS ID (image=…, name=…, labels…)`. */
export function eventLine(e: TspodEvent, noTrunc: boolean): string {
  const id = noTrunc ? (e.ID ?? "") : (e.ID ?? "").slice(0, 12);
  const time = goTimeString(e.Time);
  if (e.Type !== "container") return `${time} ${e.Type} ${e.Status} ${id} ${e.Name ?? ""}`;
  const attrs = [`image=${e.Image ?? ""}`, `name=${e.Name ?? ""}`];
  if (e.health_status) attrs.push(`health_status=${e.health_status}`);
  for (const [k, v] of Object.entries(e.Attributes ?? {}).sort(([a], [b]) => compareStrings(a, b))) attrs.push(`${k}=${v}`);
  return `${time} ${e.Type} ${e.Status} ${id} (${attrs.join(", ")})`;
}

/** What a Go template sees: Podman's Event struct (Time prints like Go's time.Time). */
function templateValue(e: TspodEvent) {
  return { ...e, ID: e.ID ?? "", Name: e.Name ?? "", Image: e.Image ?? "", ContainerExitCode: e.ContainerExitCode ?? 0, HealthStatus: e.health_status ?? "", Attributes: e.Attributes ?? {}, Time: goTimeString(e.Time) };
}

export const command: CommandSpec = {
  use: "events [options]",
  short: "Show tspod events",
  long: "Monitor tspod events",
  examples: ["tspod events", "tspod events --filter event=create", "tspod events --since 1h30s --stream=false"],
  flags: [
    { name: "filter", short: "f", type: "strings", description: "filter output" },
    { name: "format", type: "string", description: "format the output using a Go template" },
    { name: "no-trunc", type: "bool", description: "do not truncate the output", default: true },
    { name: "since", type: "string", description: "show all events created since timestamp" },
    { name: "stream", type: "bool", description: "stream events and do not exit when returning the last known event", default: true },
    { name: "until", type: "string", description: "show all events until timestamp" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const since = str(f, "since");
    const until = str(f, "until");
    const format = str(f, "format");
    const noTrunc = bool(f, "no-trunc");
    const opts = {
      filters: list(f, "filter"),
      since: since === undefined ? undefined : parseEventTime(since),
      until: until === undefined ? undefined : parseEventTime(until),
      stream: bool(f, "stream"),
    };
    const engines = await ctx.engines();
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      await engines.events.events(
        opts,
        (e) => {
          if (format === undefined) ctx.out(`${eventLine(e, noTrunc)}\n`);
          else if (isJsonFormat(format)) ctx.out(`${JSON.stringify(e)}\n`);
          else ctx.out(renderSingle(format, templateValue(e), false, { name: "events" }));
        },
        abort.signal,
      );
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
    return 0;
  },
};
