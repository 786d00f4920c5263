/** `tspod volume …` */
import type { CommandNode } from "../../command-node.ts";

export const VOLUME_COMMANDS: CommandNode = {
  name: "volume",
  short: "Manage volumes",
  children: [
    { name: "create", short: "Create a new volume", load: () => import("./create.ts") },
    { name: "exists", short: "Check if volume exists", load: () => import("./exists.ts") },
    { name: "export", short: "Export volumes", load: () => import("./export.ts") },
    { name: "import", short: "Import a tarball contents into a volume", load: () => import("./import.ts") },
    { name: "inspect", short: "Display detailed information on one or more volumes", load: () => import("./inspect.ts") },
    { name: "ls", short: "List volumes", aliases: ["list"], load: () => import("./ls.ts") },
    { name: "mount", short: "Mount volume", load: () => import("./mount.ts") },
    { name: "prune", short: "Remove all unused volumes", load: () => import("./prune.ts") },
    { name: "rm", short: "Remove one or more volumes", aliases: ["remove"], load: () => import("./rm.ts") },
    { name: "unmount", short: "Unmount volume", aliases: ["umount"], load: () => import("./unmount.ts") },
  ],
};
