import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";
import { writeArchiveOutput } from "../../archive-output.ts";

export const command: CommandSpec = {
  use: "export [options] CONTAINER",
  short: "Export container's filesystem contents as a tar archive",
  long: "Exports container's filesystem contents as a tar archive and saves it on the local machine.",
  examples: ["tspod export ctrID > myCtr.tar", "tspod export --output=\"myCtr.tar\" ctrID"],
  flags: [{ name: "output", short: "o", type: "string", description: "Write to a specified file (default: stdout, which must be redirected)" }],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const output = str(parsed.flags, "output");
    if (!output && ctx.stdoutIsTty) throw new TspodError("invalid_argument", "refusing to export to terminal. Use -o flag or redirect");
    const engines = await ctx.engines();
    await writeArchiveOutput(ctx, output, (sink) => engines.containerFs.exportTar(parsed.args[0]!, sink));
    return 0;
  },
};
