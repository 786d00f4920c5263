import { int } from "../../flags.ts";
import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand(
  "stop",
  {
    use: "stop [options] POD [POD...]",
    short: "Stop one or more pods",
    long: "The pod name or ID can be used. This command will stop all running containers in each of the specified pods (members first, the infra container last).",
    examples: ["tspod pod stop mywebserverpod", "tspod pod stop --time 0 490eb 3557fb"],
    flags: [...podTargetFlags("Stop", true), { name: "time", short: "t", type: "int", description: "Seconds to wait for pod stop before killing the container", default: -1 }],
  },
  (parsed) => {
    const t = int(parsed.flags, "time");
    return { timeout: t !== undefined && t >= 0 ? t : undefined };
  },
);
