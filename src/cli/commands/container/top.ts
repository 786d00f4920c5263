import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";
import { tabAlign } from "../../format/tab-writer.ts";
import { latestContainer } from "./latest.ts";

export const command: CommandSpec = {
  use: "top [options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]",
  short: "Display the running processes of a container",
  long: "Display the running processes of a container (format descriptors: args, comm, etime, group, hgroup, hpid, huser, nice, pcpu, pgid, pid, ppid, rgroup, rss, ruser, state, time, tty, user, vsz).",
  examples: ["tspod top ctrID", "tspod top ctrID pid seccomp args %C", "tspod top ctrID -eo user,pid,comm"],
  stopAtFirstArg: true,
  flags: [{ name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" }],
  async run(ctx, parsed) {
    const engines = await ctx.engines();
    let args = parsed.args;
    let container: string;
    if (bool(parsed.flags, "latest")) container = await latestContainer(engines);
    else {
      if (args.length < 1) throw new TspodError("invalid_argument", "you must provide the name or id of a running container");
      container = args[0]!;
      args = args.slice(1);
    }
    // ps(1)-style `-eo a,b` / `-o a,b`: take the descriptor list.
    const descriptors = args.filter((a) => !/^-[a-zA-Z]*$/.test(a));
    const report = await engines.containerExec.top(container, descriptors);
    const lines = [report.headers, ...report.rows].map((r) => r.join("\t") + "\n").join("");
    ctx.out(tabAlign(lines));
    return 0;
  },
};
