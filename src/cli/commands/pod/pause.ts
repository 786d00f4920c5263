import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand("pause", {
  use: "pause [options] POD [POD...]",
  short: "Pause one or more pods",
  long: "Pause one or more pods. The pod name or ID can be used.",
  examples: ["tspod pod pause podID", "tspod pod pause --all"],
  flags: podTargetFlags("Pause"),
});
