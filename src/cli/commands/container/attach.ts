import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { localStreams } from "./attach-streams.ts";
import { LATEST_FLAG, usageError } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "attach [options] CONTAINER",
  short: "Attach to a running container",
  long: "The attach command allows you to attach to a running container using the container's ID or name, either to view its ongoing output or to control it interactively.\n\nYou can detach from the container (and leave it running) using a configurable key sequence. The default sequence is `ctrl-p,ctrl-q`.",
  examples: ["tspod attach ctrID", "tspod attach 1234", "tspod attach --no-stdin foobar"],
  flags: [
    { name: "detach-keys", type: "string", description: "Select the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", default: "ctrl-p,ctrl-q", valueName: "[a-Z]" },
    LATEST_FLAG,
    { name: "no-stdin", type: "bool", description: "Do not attach STDIN. The default is false" },
    { name: "sig-proxy", type: "bool", description: "Proxy received signals to the process", default: true },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let name = parsed.args[0];
    if (bool(f, "latest")) name = (await engines.containers.list({ all: true, last: 1 }))[0]?.Id;
    if (!name || parsed.args.length > 1) {
      throw usageError(parsed.args.length > 1 ? `accepts 1 arg(s), received ${parsed.args.length}` : `"tspod attach" requires a name, id, or the "--latest" flag`);
    }
    const [info] = await engines.containers.inspect([name]);
    const streams = localStreams(ctx, engines, {
      stdin: !bool(f, "no-stdin") && (info?.Config.OpenStdin ?? false),
      tty: info?.Config.Tty ?? false,
      sigProxy: bool(f, "sig-proxy"),
      detachKeys: str(f, "detach-keys"),
    });
    try {
      const res = await engines.lifecycle.attach(name, streams.io, { noStdin: bool(f, "no-stdin"), detachKeys: str(f, "detach-keys") });
      return res.exitCode ?? 0;
    } finally {
      streams.restore();
    }
  },
};
