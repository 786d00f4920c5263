import type { CommandSpec } from "../../command.ts";
import { TspodError, isErrorCode } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "rm [options] CONTAINER [CONTAINER...]",
  short: "Remove one or more containers",
  long: "Removes one or more containers from the host. The container name or ID can be used.",
  examples: ["tspod rm imageID", "tspod rm --force --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all containers" },
    { name: "force", short: "f", type: "bool", description: "Force removal of a running or unusable container" },
    { name: "ignore", short: "i", type: "bool", description: "Ignore errors when a specified container is missing" },
    { name: "volumes", short: "v", type: "bool", description: "Remove anonymous volumes associated with the container" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const all = bool(f, "all");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "at least one container name or ID must be specified");
    const engines = await ctx.engines();
    // Podman: --force also ignores containers that do not exist.
    const force = bool(f, "force");
    const reports = await engines.containers.remove(parsed.args, { force, all, ignore: bool(f, "ignore") || force, volumes: bool(f, "volumes") });
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
