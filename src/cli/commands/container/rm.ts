import type { CommandSpec } from "../../command.ts";
import { TspodError, isErrorCode } from "../../../errors/tspod-error.ts";
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
    // Podman: --force also ignores containers that do not exist.
    const force = bool(f, "force");
    const reports = await engines.containers.remove(targets.nameOrIds, {
      force: force || time !== undefined,
      all,
      ignore: bool(f, "ignore") || force,
      volumes: bool(f, "volumes"),
      timeout: time,
      depend: bool(f, "depend"),
    });
    let failed: TspodError | Error | undefined;
    // Podman's exit codes: 1 when a container did not exist, 2 when one was running, else 125.
    let exitCode = 0;
    for (const r of reports) {
      if (r.error) {
        if (failed) ctx.err(`Error: ${failed.message}\n`);
        failed = r.error;
        const code = isErrorCode(r.error, "no_such_container") ? 1 : isErrorCode(r.error, "ctr_state_invalid") ? 2 : 125;
        exitCode = exitCode === 0 || exitCode === 1 ? code : Math.max(exitCode, code);
      } else ctx.out(`${all ? r.id : r.requested}\n`);
    }
    if (failed && exitCode === 125) throw failed;
    if (failed) ctx.err(`Error: ${failed.message}\n`);
    return exitCode;
  },
};
