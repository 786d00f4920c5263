import { isTerminal } from "../../../util/is-terminal.ts";
import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { CREATE_FLAGS, createOptionsFromFlags } from "./create-flags.ts";
import { localStreams, parseAttachList } from "./attach-streams.ts";
import { usageError } from "./container-targets.ts";

export const command: CommandSpec = {
  use: "run [options] IMAGE [COMMAND [ARG...]]",
  short: "Run a command in a new container",
  long: "Runs a command in a new container from the given image",
  examples: ["tspod run imageID ls -alF /etc", "tspod run --network=host imageID dnf -y install java"],
  flags: [
    { name: "attach", short: "a", type: "strings", description: "Attach to STDIN, STDOUT or STDERR" },
    { name: "detach", short: "d", type: "bool", description: "Run container in background and print container ID" },
    { name: "detach-keys", type: "string", description: "Override the key sequence for detaching a container. Format is a single character [a-Z] or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `,` or `_`", default: "ctrl-p,ctrl-q", valueName: "[a-Z]" },
    { name: "sig-proxy", type: "bool", description: "Proxy received signals to the process", default: true },
    ...CREATE_FLAGS,
  ],
  stopAtFirstArg: true,
  async run(ctx, parsed) {
    const f = parsed.flags;
    const detach = bool(f, "detach");
    const attach = parseAttachList(list(f, "attach"));
    if (detach && attach.length > 0) throw usageError("-d and -a cannot be used together: invalid argument");
    const opts = createOptionsFromFlags(parsed, detach);
    if (opts.tty && opts.interactive && !isTerminal(0)) {
      ctx.err(`time="${new Date().toISOString().replace(/\.\d+Z$/, "Z")}" level=warning msg="The input device is not a TTY. The --tty and --interactive flags might not work properly"\n`);
    }
    const engines = await ctx.engines();
    const progress = (line: string) => ctx.err(`${line}\n`);
    const streams = detach
      ? undefined
      : localStreams(ctx, engines, { stdin: opts.interactive, tty: opts.tty, sigProxy: bool(f, "sig-proxy"), detachKeys: str(f, "detach-keys"), attach });
    let result;
    try {
      result = await engines.containers.run(opts, streams?.io ?? { stdout: (d) => ctx.out(d), stderr: (d) => ctx.err(d) }, progress);
    } finally {
      streams?.restore();
    }
    if (detach) {
      ctx.out(`${result.id}\n`);
      return 0;
    }
    return result.exitCode ?? 0;
  },
};
