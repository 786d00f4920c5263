import type { CommandSpec } from "../../command.ts";
import type { Engines } from "../../../domain/engines.ts";
import { EXIT_ENGINE, exactError, isErrorCode, TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";
import { localStreams } from "./attach-streams.ts";
import { FILTER_FLAG, LATEST_FLAG, resolveTargets, usageError } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "start [options] CONTAINER [CONTAINER...]",
  short: "Start one or more containers",
  long: "Starts one or more containers. The container name or ID can be used.",
  examples: ["tspod start 860a4b231279 5421ab43b45", "tspod start --interactive --attach imageID", "tspod start --all"],
  flags: [
    { name: "all", type: "bool", description: "Start all containers regardless of their state or configuration" },
    { name: "attach", short: "a", type: "bool", description: "Attach container's STDOUT and STDERR" },
    { name: "detach-keys", type: "string", description: "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", default: "ctrl-p,ctrl-q", valueName: "[a-Z]" },
    FILTER_FLAG,
    { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
    LATEST_FLAG,
    { name: "sig-proxy", type: "bool", description: "Proxy received signals to the process (default true if attaching, false otherwise)" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const attach = bool(f, "attach") || bool(f, "interactive");
    if (!bool(f, "all") && !bool(f, "latest") && parsed.args.length === 0 && list(f, "filter").length === 0) {
      throw usageError("start requires at least one argument");
    }
    if (parsed.changed.has("sig-proxy") && bool(f, "sig-proxy") && !attach) throw usageError("you cannot use sig-proxy without --attach: invalid argument");
    const engines = await ctx.engines();
    const targets = await resolveTargets(ctx, parsed, async () => engines, "start requires at least one argument");
    if (attach) {
      if (targets.all || targets.nameOrIds.length !== 1) throw usageError("you cannot start and attach multiple containers at once");
      const name = targets.nameOrIds[0]!;
      const [info] = await engines.containers.inspect([name]);
      const tty = info?.Config.Tty ?? false;
      const streams = localStreams(ctx, engines, {
        stdin: bool(f, "interactive"),
        tty,
        sigProxy: parsed.changed.has("sig-proxy") ? bool(f, "sig-proxy") : true,
        detachKeys: str(f, "detach-keys"),
      });
      try {
        const res = await engines.lifecycle.startAttached(name, streams.io, { noStdin: !bool(f, "interactive"), detachKeys: str(f, "detach-keys") });
        return res.exitCode ?? 0;
      } finally {
        streams.restore();
      }
    }
    const byId = targets.all || targets.nameOrIds.length === 0;
    const picked = byId ? await engines.lifecycle.startTargets(targets) : targets.nameOrIds.map((n) => ({ id: n, requested: n }));
    let failure: Error | undefined;
    for (const t of picked) {
      try {
        await engines.containers.start([t.requested]);
        ctx.out(`${t.requested}\n`);
      } catch (err) {
        if (failure) ctx.err(`Error: ${failure.message}\n`);
        failure = await startFailure(engines, t.requested, err);
      }
    }
    if (failure) throw failure;
    return 0;
  },
};

/** Podman: `unable to start container "<full id>": <why>`, exit 125 (a missing container is reported as is). */
async function startFailure(engines: Engines, nameOrId: string, err: unknown): Promise<Error> {
  if (!(err instanceof TspodError) || isErrorCode(err, "no_such_container")) return err as Error;
  const [info] = await engines.containers.inspect([nameOrId]).catch(() => []);
  if (!info) return err;
  return exactError(err.exitCode === EXIT_ENGINE ? err.code : "runtime", `unable to start container ${JSON.stringify(info.Id)}: ${err.message}`, err);
}
