import type { CommandSpec } from "../../command.ts";
import { bool, int, str } from "../../flags.ts";
import { usageError } from "../container/container-targets.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

function parseTime(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(value);
  if (rel) return new Date(Date.now() - Number(rel[1]) * { s: 1000, m: 60000, h: 3600000 }[rel[2] as "s" | "m" | "h"]);
  if (/^\d+$/.test(value)) return new Date(Number(value) * 1000);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid value for --${flag}: ${value}`);
  return new Date(t);
}

export const command: CommandSpec = {
  use: "logs [options] POD",
  short: "Fetch logs for pod with one or more containers",
  long: "Displays logs for the containers of a pod, each line prefixed with its container's id (or name with --names).",
  examples: ["tspod pod logs podID", "tspod pod logs -c ctrname mypod", "tspod pod logs --tail 2 mypod"],
  flags: [
    { name: "color", type: "bool", description: "Output the containers with different colors in the log." },
    { name: "container", short: "c", type: "string", description: "Filter logs by container name or id which belongs to pod" },
    { name: "follow", short: "f", type: "bool", description: "Follow log output." },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" },
    { name: "names", short: "n", type: "bool", description: "Output container names instead of container IDs in the log" },
    { name: "since", type: "string", description: "Show logs since TIMESTAMP" },
    { name: "tail", type: "int", description: "Output the specified number of LINES at the end of the logs.", default: -1 },
    { name: "timestamps", short: "t", type: "bool", description: "Output the timestamps in the log" },
    { name: "until", type: "string", description: "Show logs until TIMESTAMP" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let pod = parsed.args[0];
    if (bool(f, "latest")) pod = (await engines.pods.list({ filters: [] })).sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created))[0]?.Id;
    if (!pod) throw usageError("specify a pod name or ID to log");
    if (parsed.args.length > 1) throw usageError(`accepts at most 1 arg(s), received ${parsed.args.length}`);
    const info = await engines.pods.inspect(pod);
    let ids = info.Containers.filter((c) => c.Id !== info.InfraContainerID).map((c) => c.Id);
    const only = str(f, "container");
    if (only) {
      const match = info.Containers.find((c) => c.Name === only || c.Id.startsWith(only));
      if (!match) throw new TspodError("no_such_container", `container ${only} is not in pod ${info.Name}`);
      ids = [match.Id];
    }
    if (ids.length === 0) return 0;
    const names = bool(f, "names");
    const timestamps = bool(f, "timestamps");
    const tail = int(f, "tail");
    // --color: each container's lines in its own ANSI color (Podman's palette)
    const colors = new Map<string, string>();
    const color = (id: string) => {
      if (!colors.has(id)) colors.set(id, `\x1b[${31 + (colors.size % 7)}m`);
      return colors.get(id)!;
    };
    await engines.containers.logs(
      ids,
      { follow: bool(f, "follow"), timestamps, tail: tail !== undefined && tail >= 0 ? tail : undefined, since: parseTime(str(f, "since"), "since"), until: parseTime(str(f, "until"), "until"), names: true },
      (line) => {
        const prefix = `${names ? line.container.name : line.container.id.slice(0, 12)} ` + (timestamps ? `${line.time} ` : "");
        const body = `${prefix}${line.text}`;
        const text = `${bool(f, "color") ? `${color(line.container.id)}${body}\x1b[0m` : body}${line.full ? "\n" : ""}`;
        if (line.stream === "stderr") ctx.err(text);
        else ctx.out(text);
      },
    );
    return 0;
  },
};
