import type { CommandSpec } from "../../command.ts";
import { bool } from "../../flags.ts";
import { tabAlign } from "../../format/tab-writer.ts";
import { usageError } from "../container/container-targets.ts";
import { exactError, isErrorCode } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "top [options] POD [FORMAT-DESCRIPTORS|ARGS...]",
  short: "Display the running processes of containers in a pod",
  long: "Display the running processes of containers in a pod (the infra container's first). Format descriptors as for `tspod top`.",
  examples: ["tspod pod top podID", "tspod pod top mypod pid args"],
  stopAtFirstArg: true,
  flags: [{ name: "latest", short: "l", type: "bool", description: "Act on the latest pod tspod is aware of" }],
  async run(ctx, parsed) {
    const engines = await ctx.engines();
    let args = parsed.args;
    let pod: string;
    if (bool(parsed.flags, "latest")) {
      const pods = await engines.pods.list({ filters: [] });
      const last = pods.sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created))[0];
      if (!last) throw usageError("no pods to act on");
      pod = last.Id;
    } else {
      if (args.length < 1) throw usageError("you must provide the name or id of a running pod");
      pod = args[0]!;
      args = args.slice(1);
    }
    const descriptors = args.filter((a) => !/^-[a-zA-Z]*$/.test(a));
    let ids: string[];
    try {
      ids = await engines.pods.containerIds(pod, { running: true });
    } catch (err) {
      if (isErrorCode(err, "no_such_pod")) throw exactError("no_such_pod", `unable to look up requested container: no pod with name or ID ${pod} found: no such pod`);
      throw err;
    }
    // Podman prints nothing for a pod with no running container
    if (ids.length === 0) return 0;
    let headers: string[] = [];
    const rows: string[][] = [];
    for (const id of ids) {
      let report: Awaited<ReturnType<typeof engines.containerExec.top>>;
      try {
        report = await engines.containerExec.top(id, descriptors);
      } catch (err) {
        // Podman's pod top words an unknown descriptor this way
        const bad = (err as Error).message.match(/^unknown descriptor: ([^:\s]+)/)?.[1];
        if (bad) throw exactError("invalid_argument", `'${bad}': unknown descriptor`);
        throw err;
      }
      headers = report.headers;
      rows.push(...report.rows);
    }
    ctx.out(tabAlign([headers, ...rows].map((r) => r.join("\t") + "\n").join("")));
    return 0;
  },
};
