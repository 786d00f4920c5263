import type { CommandSpec } from "../../command.ts";
import { bool, int } from "../../flags.ts";
import { isErrorCode } from "../../../errors/tspod-error.ts";
import { printPodReports, podTargetFlags, resolvePodTargets } from "./pod-targets.ts";

export const command: CommandSpec = {
  use: "rm [options] POD [POD...]",
  short: "Remove one or more pods",
  long: "tspod pod rm will remove one or more stopped pods and their containers from the host. The pod name or ID can be used. A pod with containers will not be removed if any of the containers are running unless -f is given.",
  examples: ["tspod pod rm mywebserverpod", "tspod pod rm -f 860a4b23", "tspod pod rm -f -a"],
  flags: [
    ...podTargetFlags("Remove", true),
    { name: "force", short: "f", type: "bool", description: "Force removal of a running pod by first stopping all containers, then removing all containers in the pod." },
    { name: "time", short: "t", type: "int", description: "Seconds to wait for pod stop before killing the container", default: -1 },
  ],
  async run(ctx, parsed) {
    const targets = await resolvePodTargets(ctx, parsed);
    const engines = await ctx.engines();
    const t = int(parsed.flags, "time");
    const reports = await engines.pods.remove(targets, { force: bool(parsed.flags, "force"), timeout: t !== undefined && t >= 0 ? t : undefined });
    // Podman's exit code 1 when a pod does not exist
    const missing = reports.some((r) => r.error && isErrorCode(r.error, "no_such_pod"));
    try {
      return printPodReports(ctx, reports);
    } catch (err) {
      if (!missing || !isErrorCode(err, "no_such_pod")) throw err;
      ctx.err(`Error: ${(err as Error).message}\n`);
      return 1;
    }
  },
};
