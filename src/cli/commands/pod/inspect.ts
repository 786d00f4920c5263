import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderSingle } from "../../format/output.ts";
import { usageError } from "../container/container-targets.ts";
import { exactError, isErrorCode } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "inspect [options] POD [POD...]",
  short: "Displays a pod configuration",
  long: "Display the configuration for a pod by name or id",
  examples: ["tspod pod inspect podID", "tspod pod inspect --format '{{.State}}' mypod"],
  flags: [
    { name: "format", short: "f", type: "string", description: "Format the output to a Go template or json", default: "json" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" },
  ],
  async run(ctx, parsed) {
    const engines = await ctx.engines();
    let names = parsed.args;
    if (bool(parsed.flags, "latest")) {
      const pods = await engines.pods.list({ filters: [] });
      const last = pods.sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created))[0];
      if (!last) throw usageError("no pods to inspect");
      names = [last.Id];
    }
    if (names.length === 0) throw usageError("requires at least 1 arg(s), only received 0");
    const results = [];
    const missing: string[] = [];
    for (const name of names) {
      try {
        results.push(await engines.pods.inspect(name));
      } catch (err) {
        if (!isErrorCode(err, "no_such_pod")) throw err;
        missing.push(name);
      }
    }
    // Podman: one pod prints an object, several (or none found) an array
    const format = str(parsed.flags, "format");
    const value = results.length === 1 && missing.length === 0 ? results[0] : results;
    if (format && format !== "json" && Array.isArray(value)) for (const r of value) ctx.out(renderSingle(format, r));
    else ctx.out(renderSingle(format, value, true, { jsonIndent: 5 }));
    for (const name of missing.slice(1)) ctx.err(`error inspecting object: no such pod ${name}\n`);
    if (missing.length > 0) throw exactError("no_such_pod", `inspecting object: no such pod ${missing[0]}`);
    return 0;
  },
};
