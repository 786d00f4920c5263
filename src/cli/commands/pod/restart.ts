import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand("restart", {
  use: "restart [options] POD [POD...]",
  short: "Restart one or more pods",
  long: "The pod ID or name can be used. All of the containers within each of the specified pods will be restarted. If a container in a pod is not currently running it will be started.",
  examples: ["tspod pod restart podID1 podID2", "tspod pod restart --all"],
  flags: podTargetFlags("Restart"),
});
