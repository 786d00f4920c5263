import { podActionCommand, podTargetFlags } from "./pod-targets.ts";

export const command = podActionCommand("start", {
  use: "start [options] POD [POD...]",
  short: "Start one or more pods",
  long: "Start one or more pods. The pod name or ID can be used.",
  examples: ["tspod pod start podID", "tspod pod start --all"],
  flags: podTargetFlags("Start"),
});
