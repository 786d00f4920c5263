/** `tspod container …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const CONTAINER_COMMANDS: CommandNode = {
  name: "container",
  short: "Manage containers",
  children: [
    { name: "commit", topLevel: "commit", short: "Create new image based on the changed container", load: () => import("./commit.ts") },
    { name: "cp", topLevel: "cp", short: "Copy files/folders between a container and the local filesystem", load: () => import("./cp.ts") },
    { name: "diff", topLevel: "diff", short: "Inspect changes to the container's file systems", load: () => import("./diff.ts") },
    { name: "exec", topLevel: "exec", short: "Run a process in a running container", load: () => import("./exec.ts") },
    { name: "export", topLevel: "export", short: "Export container's filesystem contents as a tar archive", load: () => import("./export.ts") },
    { name: "mount", topLevel: "mount", short: "Mount a working container's root filesystem", load: () => import("./mount.ts") },
    { name: "port", topLevel: "port", short: "List port mappings or a specific mapping for the container", load: () => import("./port.ts") },
    { name: "stats", topLevel: "stats", short: "Display a live stream of container resource usage statistics", load: () => import("./stats.ts") },
    { name: "top", topLevel: "top", short: "Display the running processes of a container", load: () => import("./top.ts") },
    { name: "unmount", aliases: ["umount"], topLevel: "unmount", short: "Unmount working container's root filesystem", load: () => import("./unmount.ts") },
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
