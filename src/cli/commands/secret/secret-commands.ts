/** `tspod secret …` */
import type { CommandNode } from "../../command-node.ts";

export const SECRET_COMMANDS: CommandNode = {
  name: "secret",
  short: "Manage secrets",
  children: [
    { name: "create", short: "Create a new secret", load: () => import("./create.ts") },
    { name: "exists", short: "Check if a secret exists in local storage", load: () => import("./exists.ts") },
    { name: "inspect", short: "Inspect a secret", load: () => import("./inspect.ts") },
    { name: "ls", short: "List secrets", aliases: ["list"], load: () => import("./ls.ts") },
    { name: "rm", short: "Remove one or more secrets", load: () => import("./rm.ts") },
  ],
};
