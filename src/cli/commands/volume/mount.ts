import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "mount VOLUME [VOLUME...]",
  short: "Mount volume",
  long: "Mount a volume and return the mountpoint",
  examples: ["tspod volume mount myvol"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const reports = await (await ctx.engines()).volumes.mount(parsed.args);
    let last: Error | undefined;
    for (const r of reports) {
      if (r.error) {
        if (last) ctx.err(`Error: ${last.message}\n`);
        last = r.error;
      } else ctx.out(`${r.name}\n`);
    }
    if (last) throw last;
    return 0;
  },
};
