import fs from "node:fs";
import { isTerminal } from "../../../util/is-terminal.ts";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "load [options]",
  short: "Load image(s) from a tar archive",
  long: "Loads an image from a locally stored archive (tar file) into container storage.",
  examples: ["tspod load -i fedora.tar", "tspod load < fedora.tar", "cat fedora.tar | tspod load"],
  flags: [
    { name: "input", short: "i", type: "string", description: "Read from specified archive file (default: stdin)" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress the output" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length > 0) throw new TspodError("invalid_argument", `accepts 0 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const input = str(f, "input");
    if (!input && isTerminal(0)) {
      const err = new TspodError("invalid_argument");
      Object.defineProperty(err, "message", { value: "cannot read from terminal, use command-line redirection or the --input flag" });
      throw err;
    }
    const engines = await ctx.engines();
    const quiet = bool(f, "quiet");
    const { names } = await engines.archives.load(
      { input, stream: input ? undefined : (fs.createReadStream("", { fd: 0, highWaterMark: 1 << 20 }) as unknown as AsyncIterable<Uint8Array>), quiet },
      (line) => ctx.err(`${line}\n`),
    );
    ctx.out(names.map((n) => `Loaded image: ${n}\n`).join(""));
    return 0;
  },
};
