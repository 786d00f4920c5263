/** `tspod image …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";

export const IMAGE_COMMANDS: CommandNode = {
  name: "image",
  short: "Manage images",
  children: [
    { name: "list", aliases: ["ls"], topLevel: "images", short: "List images in local storage", load: () => import("./list.ts") },
    { name: "pull", topLevel: "pull", short: "Pull an image from a registry", load: () => import("./pull.ts") },
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
