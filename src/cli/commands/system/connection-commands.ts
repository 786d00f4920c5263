/** `tspod system connection …`: remote service destinations shared with Podman (containers.conf). */
import type { CommandNode } from "../../command-node.ts";

export const CONNECTION_COMMANDS: CommandNode = {
  name: "connection",
  short: "Manage remote API service destinations",
  children: [
    { name: "add", short: "Record destination for the tspod service", load: () => import("./connection-add.ts") },
    { name: "default", short: "Set named destination as default", load: () => import("./connection-default.ts") },
    { name: "list", aliases: ["ls"], short: "List destination for the tspod service(s)", load: () => import("./connection-list.ts") },
    { name: "remove", aliases: ["rm"], short: "Delete named destination", load: () => import("./connection-remove.ts") },
    { name: "rename", short: "Rename \"old\" to \"new\"", load: () => import("./connection-rename.ts") },
  ],
};
