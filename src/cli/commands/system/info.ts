import type { CommandSpec } from "../../command.ts";
import { str } from "../../flags.ts";
import { renderSingle } from "../../format/output.ts";
import { toYaml } from "../../format/yaml-lite.ts";

export const command: CommandSpec = {
  use: "info [options]",
  short: "Display tspod system information",
  long: "Display information pertaining to the host, current storage stats, and build of tspod.",
  examples: ["tspod info", "tspod info --format json", "tspod info --format \"{{.Host.Arch}}\""],
  flags: [{ name: "format", short: "f", type: "string", description: "Change the output format to JSON or a Go template" }],
  async run(ctx, parsed) {
    const format = str(parsed.flags, "format");
    const engines = await ctx.engines();
    const info = await engines.system.info();
    if (!format) {
      ctx.out(toYaml(info));
      return 0;
    }
    // Go templates see Podman's exported field names (.Host.Arch, .Store.GraphRoot).
    ctx.out(renderSingle(format, format === "json" ? info : goFieldNames(info), true, { jsonIndent: 4 }));
    return 0;
  },
};

function goFieldNames(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goFieldNames);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k.charAt(0).toUpperCase() + k.slice(1)] = goFieldNames(val);
    return out;
  }
  return v;
}
