/** `tspod image …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const IMAGE_COMMANDS: CommandNode = {
  name: "image",
  short: "Manage images",
  children: [
    { name: "list", aliases: ["ls"], topLevel: "images", short: "List images in local storage", load: () => import("./list.ts") },
    { name: "pull", topLevel: "pull", short: "Pull an image from a registry", load: () => import("./pull.ts") },
    { name: "push", topLevel: "push", short: "Push an image to a specified destination", load: () => import("./push.ts") },
    { name: "save", topLevel: "save", short: "Save image(s) to an archive", load: () => import("./save.ts") },
    { name: "load", topLevel: "load", short: "Load image(s) from a tar archive", load: () => import("./load.ts") },
    { name: "import", topLevel: "import", short: "Import a tarball to create a filesystem image", load: () => import("./import.ts") },
  ],
};
