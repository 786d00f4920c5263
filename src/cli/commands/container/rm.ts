import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, int, list } from "../../flags.ts";
import { CIDFILE_FLAG, LATEST_FLAG, resolveTargets } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "rm [options] CONTAINER [CONTAINER...]",
  short: "Remove one or more containers",
  long: "Removes one or more containers from the host. The container name or ID can be used.",
  examples: ["tspod rm imageID", "tspod rm --force --all", "tspod rm -f -t 0 ctrID"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all containers" },
    CIDFILE_FLAG,
    { name: "depend", type: "bool", description: "Remove container and all containers that depend on the selected container" },
    { name: "force", short: "f", type: "bool", description: "Force removal of a running or unusable container" },
    { name: "ignore", short: "i", type: "bool", description: "Ignore errors when a specified container is missing" },
    LATEST_FLAG,
    { name: "time", short: "t", type: "int", description: "Seconds to wait for stop before killing the container (default 10)" },
    { name: "volumes", short: "v", type: "bool", description: "Remove anonymous volumes associated with the container" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const all = bool(f, "all");
    if (!all && !bool(f, "latest") && parsed.args.length === 0 && list(f, "cidfile").length === 0) {
      throw new TspodError("invalid_argument", "at least one container name or ID must be specified");
    }
    const targets = await resolveTargets(ctx, parsed, () => ctx.engines());
    const engines = await ctx.engines();
    const time = int(f, "time");
    const reports = await engines.containers.remove(targets.nameOrIds, {
      force: bool(f, "force") || time !== undefined,
      all,
      ignore: bool(f, "ignore"),
      volumes: bool(f, "volumes"),
      timeout: time,
    });
    let failed: TspodError | Error | undefined;
    for (const r of reports) {
      if (r.error) {
        if (failed) ctx.err(`Error: ${failed.message}\n`);
        failed = r.error;
      } else ctx.out(`${all ? r.id : r.requested}\n`);
    }
    if (failed) throw failed;
    return 0;
  },
};
