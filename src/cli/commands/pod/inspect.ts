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
    if (names.length > 1) throw usageError(`accepts 1 arg(s), received ${names.length}`);
    let result;
    try {
      result = await engines.pods.inspect(names[0]!);
    } catch (err) {
      if (isErrorCode(err, "no_such_pod")) throw exactError("no_such_pod", `inspecting object: no such pod ${names[0]}`);
      throw err;
    }
    // Podman indents pod inspect JSON by five spaces.
    ctx.out(renderSingle(str(parsed.flags, "format"), result, true, { jsonIndent: 5 }));
    return 0;
  },
};
