import type { CommandSpec } from "../../command.ts";
import { str } from "../../flags.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { createLogger } from "../../../util/logger.ts";
import { inheritedListenFds, serviceTuningEnv } from "../../../config/service-runtime-env.ts";
import { reexecSelf } from "../../../util/reexec-self.ts";

export const command: CommandSpec = {
  use: "service [options] [URI]",
  short: "Run API service",
  long:
    "Run an API service. The URI is unix:///path/to/socket (default /run/tspod/tspod.sock as root) or tcp://host:port. " +
    "The service answers Docker's API and part of Podman's libpod API; it exits after --time seconds without requests (0: never). " +
    "Started by systemd with a listening socket (LISTEN_FDS), it serves that socket.",
  examples: ["tspod system service --time 0 unix:///tmp/tspod.sock", "tspod system service --time 0 tcp://127.0.0.1:8888"],
  flags: [{ name: "time", short: "t", type: "string", description: "Time until the service session expires in seconds. Use 0 to disable the timeout", default: "5" }],
  async run(ctx, parsed) {
    // as podman-remote: a remote client serves nothing (CONTAINER_HOST must not turn the service into a proxy)
    if (ctx.remote) throw new TspodError("invalid_argument", "system service is not available in remote mode");
    const seconds = Number(str(parsed.flags, "time") ?? "5");
    if (!Number.isFinite(seconds) || seconds < 0) throw new TspodError("bad_flag", `invalid argument "${str(parsed.flags, "time")}" for "-t, --time" flag`);
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", "too many arguments: at most one URI");
    // the service's memory settings are read when the runtime starts: re-execute once with them
    const tuned = serviceTuningEnv();
    if (tuned) reexecSelf(tuned, inheritedListenFds());
    const [{ runApiService }, engines] = await Promise.all([import("../../../api/api-service.ts"), ctx.engines()]);
    const log = createLogger(ctx.globals.logLevel ?? "warn");
    const service = await runApiService({ uri: parsed.args[0], idleMs: seconds * 1000, engines, log: (l) => log.debug(l) });
    ctx.err(`tspod API service listening on ${service.where}\n`);
    const stop = () => void service.shutdown();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await service.stopped;
    return 0;
  },
};
