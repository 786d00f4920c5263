/** `tspod container …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const CONTAINER_COMMANDS: CommandNode = {
  name: "container",
  short: "Manage containers",
  children: [
    { name: "attach", topLevel: "attach", short: "Attach to a running container", load: () => import("./attach.ts") },
    { name: "cleanup", short: "Clean up network and mountpoints of one or more containers", load: () => import("./cleanup.ts") },
    { name: "create", topLevel: "create", short: "Create but do not start a container", load: () => import("./create.ts") },
    { name: "exists", short: "Check if a container exists in local storage", load: () => import("./exists.ts") },
    { name: "init", topLevel: "init", short: "Initialize one or more containers", load: () => import("./init.ts") },
    { name: "inspect", short: "Display the configuration of a container", load: () => import("./inspect.ts") },
    { name: "kill", topLevel: "kill", short: "Kill one or more running containers with a specific signal", load: () => import("./kill.ts") },
    { name: "list", aliases: ["ls", "ps"], topLevel: "ps", short: "List containers", load: () => import("./ps.ts") },
    { name: "logs", topLevel: "logs", short: "Fetch the logs of one or more containers", load: () => import("./logs.ts") },
    { name: "pause", topLevel: "pause", short: "Pause all the processes in one or more containers", load: () => import("./pause.ts") },
    { name: "prune", short: "Remove all non running containers", load: () => import("./prune.ts") },
    { name: "rename", topLevel: "rename", short: "Rename an existing container", load: () => import("./rename.ts") },
    { name: "restart", topLevel: "restart", short: "Restart one or more containers", load: () => import("./restart.ts") },
    { name: "rm", topLevel: "rm", short: "Remove one or more containers", load: () => import("./rm.ts") },
    { name: "run", topLevel: "run", short: "Run a command in a new container", load: () => import("./run.ts") },
    { name: "start", topLevel: "start", short: "Start one or more containers", load: () => import("./start.ts") },
    { name: "stop", topLevel: "stop", short: "Stop one or more containers", load: () => import("./stop.ts") },
    { name: "unpause", topLevel: "unpause", short: "Unpause the processes in one or more containers", load: () => import("./unpause.ts") },
    { name: "update", topLevel: "update", short: "update an existing container", load: () => import("./update.ts") },
    { name: "wait", topLevel: "wait", short: "Block on one or more containers", load: () => import("./wait.ts") },
  ],
};
