import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { timeAgo } from "../../../util/human-duration.ts";

export const command: CommandSpec = {
  use: "ls [options]",
  short: "List secrets",
  long: "List all secrets (never their values).",
  examples: ["tspod secret ls", "tspod secret ls --format \"{{.Name}}\""],
  flags: [
    { name: "filter", short: "f", type: "strings", description: "Filter secret output" },
    { name: "format", type: "string", description: "Format volume output using Go template" },
    { name: "noheading", short: "n", type: "bool", description: "Do not print headers" },
    { name: "quiet", short: "q", type: "bool", description: "Print secret IDs only" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length) throw new TspodError("invalid_argument", `accepts 0 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const secrets = await (await ctx.engines()).secrets.list(list(f, "filter"));
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const rows =
      format === "json"
        ? secrets
        : secrets.map((s) => ({
            ...s,
            Name: s.Spec.Name,
            Driver: s.Spec.Driver.Name,
            Labels: s.Spec.Labels,
            CreatedAt: timeAgo(s.CreatedAt),
            UpdatedAt: timeAgo(s.UpdatedAt),
          }));
    ctx.out(
      renderFormat({
        format,
        rows,
        defaultFormat: "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}",
        headers: { CreatedAt: "CREATED", UpdatedAt: "UPDATED" },
        noHeading: bool(f, "noheading"),
        jsonIndent: 4,
      }),
    );
    return 0;
  },
};
