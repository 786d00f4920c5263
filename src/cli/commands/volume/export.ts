import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";
import { writeArchiveOutput } from "../../archive-output.ts";

export const command: CommandSpec = {
  use: "export [options] VOLUME",
  short: "Export volumes",
  long: "Exports a volume's contents as a tar archive.",
  examples: ["tspod volume export myvol --output myvol.tar"],
  flags: [{ name: "output", short: "o", type: "string", description: "Write to a specified file (default: stdout, which must be redirected)" }],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const output = str(parsed.flags, "output");
    if (!output && ctx.stdoutIsTty) throw new TspodError("invalid_argument", "cannot write to terminal, use command-line redirection or the --output flag");
    const engines = await ctx.engines();
    await writeArchiveOutput(ctx, output, (sink) => engines.volumes.export(parsed.args[0]!, sink));
    return 0;
  },
};
