import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

/** Internal: the per-container healthcheck timer process (started detached by `start`). */
export const command: CommandSpec = {
  use: "timer CONTAINER",
  short: "Run a container's health check on schedule",
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const engines = await ctx.engines();
    const abort = new AbortController();
    process.once("SIGTERM", () => abort.abort());
    process.once("SIGINT", () => abort.abort());
    await engines.health.timer(parsed.args[0]!, abort.signal);
    return 0;
  },
};
