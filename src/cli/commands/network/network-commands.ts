/** `tspod network …` */
import type { CommandNode } from "../../command-node.ts";

export const NETWORK_COMMANDS: CommandNode = {
  name: "network",
  short: "Manage networks",
  children: [
    { name: "connect", short: "Add container to a network", load: () => import("./connect.ts") },
    { name: "create", short: "Create networks for containers and pods", load: () => import("./create.ts") },
    { name: "disconnect", short: "Disconnect a container from a network", load: () => import("./disconnect.ts") },
    { name: "exists", short: "Check if network exists", load: () => import("./exists.ts") },
    { name: "inspect", short: "Displays the raw CNI network configuration for one or more networks.", load: () => import("./inspect.ts") },
    { name: "ls", aliases: ["list"], short: "List networks", load: () => import("./ls.ts") },
    { name: "prune", short: "Prune unused networks", load: () => import("./prune.ts") },
    { name: "reload", short: "Reload firewall rules for one or more containers", load: () => import("./reload.ts") },
    { name: "rm", aliases: ["remove"], short: "Remove networks", load: () => import("./rm.ts") },
  ],
};
