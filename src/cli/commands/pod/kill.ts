import { str } from "../../flags.ts";
import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand(
  "kill",
  {
    use: "kill [options] POD [POD...]",
    short: "Send the specified signal or SIGKILL to containers in pod",
    long: "Signals are sent to the main process of each container of the pods.",
    examples: ["tspod pod kill podID", "tspod pod kill --signal TERM mywebserver"],
    flags: [...podTargetFlags("Kill"), { name: "signal", short: "s", type: "string", description: "Signal to send to the containers in the pod", default: "KILL" }],
  },
  (parsed) => ({ signal: str(parsed.flags, "signal") ?? "KILL" }),
);
