import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand("unpause", {
  use: "unpause [options] POD [POD...]",
  short: "Unpause one or more pods",
  long: "Unpause one or more pods. The pod name or ID can be used.",
  examples: ["tspod pod unpause podID", "tspod pod unpause --all"],
  flags: podTargetFlags("Unpause"),
});
