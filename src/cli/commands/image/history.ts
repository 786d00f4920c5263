import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { humanSize, timeAgo } from "../../../util/human-duration.ts";

export const command: CommandSpec = {
  use: "history [options] IMAGE",
  short: "Show history of a specified image",
  long: "Displays the history of an image.",
  examples: ["tspod history quay.io/fedora/fedora", "tspod history --no-trunc --format \"{{.ID}} {{.CreatedBy}}\" IMAGE"],
  flags: [
    { name: "format", type: "string", description: "Change the output to JSON or a Go template" },
    { name: "human", short: "H", type: "bool", description: "Display sizes and dates in human readable format", default: true },
    { name: "no-trunc", type: "bool", description: "Do not truncate the output" },
    { name: "notruncate", type: "bool", description: "Do not truncate the output", hidden: true },
    { name: "quiet", short: "q", type: "bool", description: "Display the numeric IDs only" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const human = bool(f, "human");
    const noTrunc = bool(f, "no-trunc") || bool(f, "notruncate");
    const entries = await (await ctx.engines()).imageStore.history(parsed.args[0]!);
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const rows = entries.map((e) => {
      let createdBy = e.CreatedBy;
      if (!noTrunc && createdBy.length > 45) createdBy = createdBy.slice(0, 42) + "...";
      return {
        ID: e.id === "<missing>" || noTrunc ? e.id : e.id.slice(0, 12),
        Created: human ? timeAgo(e.created * 1000) : new Date(e.created * 1000).toISOString().replace(/\.000Z$/, "Z"),
        CreatedAt: new Date(e.created * 1000).toISOString().replace(/\.000Z$/, "Z"),
        CreatedSince: timeAgo(e.created * 1000),
        CreatedBy: createdBy,
        Size: human ? humanSize(e.size) : String(e.size),
        Comment: e.Comment,
        Tags: e.Tags ?? [],
      };
    });
    ctx.out(
      renderFormat({
        format,
        rows: (format === "json" ? entries : rows) as object[],
        defaultFormat: "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}",
        headers: { CreatedBy: "CREATED BY" },
        jsonIndent: 4,
      }),
    );
    return 0;
  },
};
