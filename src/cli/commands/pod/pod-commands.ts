/** `tspod pod …` (Podman's pods: containers sharing namespaces held by an infra container). */
import type { CommandNode } from "../../command-node.ts";

export const POD_COMMANDS: CommandNode = {
  name: "pod",
  short: "Manage pods",
  children: [
    { name: "clone", short: "Clone an existing pod", load: () => import("./clone.ts") },
    { name: "create", short: "Create a new empty pod", load: () => import("./create.ts") },
    { name: "exists", short: "Check if a pod exists in local storage", load: () => import("./exists.ts") },
    { name: "inspect", short: "Displays a pod configuration", load: () => import("./inspect.ts") },
    { name: "kill", short: "Send the specified signal or SIGKILL to containers in pod", load: () => import("./kill.ts") },
    { name: "logs", short: "Fetch logs for pod with one or more containers", load: () => import("./logs.ts") },
    { name: "pause", short: "Pause one or more pods", load: () => import("./pause.ts") },
    { name: "prune", short: "Remove all stopped pods and their containers", load: () => import("./prune.ts") },
    { name: "ps", aliases: ["ls", "list"], short: "List pods", load: () => import("./ps.ts") },
    { name: "restart", short: "Restart one or more pods", load: () => import("./restart.ts") },
    { name: "rm", short: "Remove one or more pods", load: () => import("./rm.ts") },
    { name: "start", short: "Start one or more pods", load: () => import("./start.ts") },
    { name: "stats", short: "Display a live stream of resource usage statistics for the containers in one or more pods", load: () => import("./stats.ts") },
    { name: "stop", short: "Stop one or more pods", load: () => import("./stop.ts") },
    { name: "top", short: "Display the running processes of containers in a pod", load: () => import("./top.ts") },
    { name: "unpause", short: "Unpause one or more pods", load: () => import("./unpause.ts") },
  ],
};
