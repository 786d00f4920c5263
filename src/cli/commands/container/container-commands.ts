/** `tspod container …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const CONTAINER_COMMANDS: CommandNode = {
  name: "container",
  short: "Manage containers",
  children: [
    { name: "cleanup", short: "Clean up network and mountpoints of one or more containers", load: () => import("./cleanup.ts") },
    { name: "create", topLevel: "create", short: "Create but do not start a container", load: () => import("./create.ts") },
    { name: "inspect", short: "Display the configuration of a container", load: () => import("./inspect.ts") },
    { name: "list", aliases: ["ls", "ps"], topLevel: "ps", short: "List containers", load: () => import("./ps.ts") },
    { name: "logs", topLevel: "logs", short: "Fetch the logs of one or more containers", load: () => import("./logs.ts") },
    { name: "rm", topLevel: "rm", short: "Remove one or more containers", load: () => import("./rm.ts") },
    { name: "run", topLevel: "run", short: "Run a command in a new container", load: () => import("./run.ts") },
    { name: "start", topLevel: "start", short: "Start one or more containers", load: () => import("./start.ts") },
    { name: "wait", topLevel: "wait", short: "Block on one or more containers", load: () => import("./wait.ts") },
  ],
};
