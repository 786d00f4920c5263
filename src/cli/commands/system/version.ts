import type { CommandSpec } from "../../command.ts";
import { str } from "../../flags.ts";
import { renderSingle } from "../../format/output.ts";
import { clientVersion } from "../../../local/version-info.ts";
import type { VersionInfo } from "../../../define/system-types.ts";

function versionLines(side: string, v: VersionInfo): string {
  const rows = [`${side}:`.padEnd(14) + "Podman Engine", `Version:      ${v.Version}`, `API Version:  ${v.APIVersion}`, `Go Version:   ${v.GoVersion}`];
  if (v.GitCommit) rows.push(`Git Commit:   ${v.GitCommit}`);
  rows.push(`Built:        ${v.BuiltTime}`, `OS/Arch:      ${v.OsArch}`, "");
  return rows.join("\n");
}

export const command: CommandSpec = {
  use: "version [options]",
  short: "Display the tspod version information",
  long: "Display the tspod version information",
  examples: ["tspod version --format json", "tspod version --format \"{{.Client.Version}}\""],
  flags: [{ name: "format", short: "f", type: "string", description: "Change the output format to JSON or a Go template" }],
  async run(ctx, parsed) {
    const format = str(parsed.flags, "format");
    const report: { Client: VersionInfo; Server?: VersionInfo } = { Client: clientVersion() };
    // remote: the service's version too, as Podman's remote client prints it
    if (ctx.remote) report.Server = (await (await ctx.engines()).system.info()).version;
    if (format) {
      ctx.out(renderSingle(format, report, true, { jsonIndent: format === "json" ? 0 : undefined }));
      return 0;
    }
    if (report.Server) {
      ctx.out(`${versionLines("Client", report.Client)}\n${versionLines("Server", report.Server)}`);
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
