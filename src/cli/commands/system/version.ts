import type { CommandSpec } from "../../command.ts";
import { str } from "../../flags.ts";
import { renderSingle } from "../../format/output.ts";
import { clientVersion } from "../../../local/version-info.ts";

export const command: CommandSpec = {
  use: "version [options]",
  short: "Display the tspod version information",
  long: "Display the tspod version information",
  examples: ["tspod version --format json", "tspod version --format \"{{.Client.Version}}\""],
  flags: [{ name: "format", short: "f", type: "string", description: "Change the output format to JSON or a Go template" }],
  async run(ctx, parsed) {
    const format = str(parsed.flags, "format");
    const report = { Client: clientVersion() };
    if (format) {
      ctx.out(renderSingle(format, report, true, { jsonIndent: format === "json" ? 0 : undefined }));
      return 0;
    }
    const c = report.Client;
    ctx.out(
      [
        `Version:      ${c.Version}`,
        `API Version:  ${c.APIVersion}`,
        `Go Version:   ${c.GoVersion}`,
        `Built:        ${c.BuiltTime}`,
        `OS/Arch:      ${c.OsArch}`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
