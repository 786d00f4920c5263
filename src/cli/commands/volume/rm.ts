import type { CommandSpec } from "../../command.ts";
import { TspodError, isErrorCode } from "../../../errors/tspod-error.ts";
import { bool, int } from "../../flags.ts";

export const command: CommandSpec = {
  use: "rm [options] VOLUME [VOLUME...]",
  short: "Remove one or more volumes",
  long: "Remove one or more existing volumes. By default, a volume in use by a container is not removed: --force removes those containers too.",
  examples: ["tspod volume rm myvol1 myvol2", "tspod volume rm --all", "tspod volume rm --force myvol"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all volumes" },
    { name: "force", short: "f", type: "bool", description: "Remove a volume by force, even if it is being used by a container" },
    { name: "time", short: "t", type: "int", description: "Seconds to wait for running containers to stop before killing the container", default: 10 },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const all = bool(f, "all");
    if (all && parsed.args.length) throw new TspodError("invalid_argument", "choose either one or more volumes or all");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "choose either one or more volumes or all");
    const reports = await (await ctx.engines()).volumes.remove(parsed.args, { all, force: bool(f, "force"), timeout: parsed.changed.has("time") ? int(f, "time") : undefined });
    // Podman: 1 when a volume does not exist, 2 when one is in use, else 125.
    let code = 0;
    let last: Error | undefined;
    for (const r of reports) {
      if (!r.error) {
        ctx.out(`${r.name}\n`);
        continue;
      }
      if (last) ctx.err(`Error: ${last.message}\n`);
      last = r.error;
      const c = isErrorCode(r.error, "no_such_volume") ? 1 : isErrorCode(r.error, "volume_in_use") ? 2 : 125;
      if (code === 0 || c === 2 || (c === 1 && code === 125)) code = c;
    }
    if (last) ctx.err(`Error: ${last.message}\n`);
    return code;
  },
};
