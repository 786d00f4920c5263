import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, int, str } from "../../flags.ts";

function parseTime(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(value);
  if (rel) {
    const unit = { s: 1000, m: 60000, h: 3600000 }[rel[2] as "s" | "m" | "h"];
    return new Date(Date.now() - Number(rel[1]) * unit);
  }
  if (/^\d+$/.test(value)) return new Date(Number(value) * 1000);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid value for --${flag}: ${value}`);
  return new Date(t);
}

export const command: CommandSpec = {
  use: "logs [options] CONTAINER [CONTAINER...]",
  short: "Fetch the logs of one or more containers",
  long: "Retrieves logs for one or more containers.",
  examples: ["tspod logs ctrID", "tspod logs --names ctrID1 ctrID2", "tspod logs --tail 2 mywebserver"],
  flags: [
    { name: "follow", short: "f", type: "bool", description: "Follow log output." },
    { name: "names", short: "n", type: "bool", description: "Output the container name in the log" },
    { name: "since", type: "string", description: "Show logs since TIMESTAMP" },
    { name: "tail", type: "int", description: "Output the specified number of LINES at the end of the logs.  Defaults to -1, which prints all lines", default: -1 },
    { name: "timestamps", short: "t", type: "bool", description: "Output the timestamps in the log" },
    { name: "until", type: "string", description: "Show logs until TIMESTAMP" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const names = bool(f, "names") || parsed.args.length > 1;
    const timestamps = bool(f, "timestamps");
    const engines = await ctx.engines();
    const tail = int(f, "tail");
    await engines.containers.logs(
      parsed.args,
      { follow: bool(f, "follow"), timestamps, tail: tail !== undefined && tail >= 0 ? tail : undefined, since: parseTime(str(f, "since"), "since"), until: parseTime(str(f, "until"), "until"), names },
      (line) => {
        const prefix = (names ? `${line.container.id.slice(0, 12)} ` : "") + (timestamps ? `${line.time} ` : "");
        const text = `${prefix}${line.text}${line.full ? "\n" : ""}`;
        if (line.stream === "stderr") ctx.err(text);
        else ctx.out(text);
      },
    );
    return 0;
  },
};
