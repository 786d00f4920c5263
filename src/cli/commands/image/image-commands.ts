/** `tspod image …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const IMAGE_COMMANDS: CommandNode = {
  name: "image",
  short: "Manage images",
  children: [
    { name: "build", topLevel: "build", short: "Build an image using instructions from Containerfiles", load: () => import("./build.ts") },
    { name: "diff", short: "Inspect changes to the image's file systems", load: () => import("./diff.ts") },
    { name: "exists", short: "Check if an image exists in local storage", load: () => import("./exists.ts") },
    { name: "history", topLevel: "history", short: "Show history of a specified image", load: () => import("./history.ts") },
    { name: "import", topLevel: "import", short: "Import a tarball to create a filesystem image", load: () => import("./import.ts") },
    { name: "inspect", short: "Display the configuration of an image", load: () => import("./inspect.ts") },
    { name: "list", aliases: ["ls"], topLevel: "images", short: "List images in local storage", load: () => import("./list.ts") },
    { name: "load", topLevel: "load", short: "Load image(s) from a tar archive", load: () => import("./load.ts") },
    { name: "mount", short: "Mount an image's root filesystem", load: () => import("./mount.ts") },
    { name: "prune", short: "Remove unused images", load: () => import("./prune.ts") },
    { name: "pull", topLevel: "pull", short: "Pull an image from a registry", load: () => import("./pull.ts") },
    { name: "push", topLevel: "push", short: "Push an image to a specified destination", load: () => import("./push.ts") },
    { name: "rm", topLevel: "rmi", short: "Remove one or more images from local storage", load: () => import("./rm.ts") },
    { name: "save", topLevel: "save", short: "Save image(s) to an archive", load: () => import("./save.ts") },
    { name: "search", topLevel: "search", short: "Search registry for image", load: () => import("./search.ts") },
    { name: "tag", topLevel: "tag", short: "Add an additional name to a local image", load: () => import("./tag.ts") },
    { name: "tree", short: "Print layer hierarchy of an image in a tree format", load: () => import("./tree.ts") },
    { name: "unmount", aliases: ["umount"], short: "Unmount an image's root filesystem", load: () => import("./unmount.ts") },
    { name: "untag", topLevel: "untag", short: "Remove a name from a local image", load: () => import("./untag.ts") },
    { name: "sign", short: "Sign an image", load: () => import("./sign.ts") },
    {
      name: "trust",
      short: "Manage container image trust policy",
      children: [
        { name: "set", short: "Set default trust policy or a new trust policy for a registry", load: () => import("./trust-set.ts") },
        { name: "show", short: "Display trust policy for the system", load: () => import("./trust-show.ts") },
      ],
    },
  ],
};
