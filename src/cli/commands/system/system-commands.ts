/** `tspod system …` and its top-level shortcuts. */
import type { CommandNode } from "../../command-node.ts";
import { CONNECTION_COMMANDS } from "./connection-commands.ts";

export const SYSTEM_COMMANDS: CommandNode = {
  name: "system",
  short: "Manage tspod",
  children: [
    CONNECTION_COMMANDS,
    { name: "events", topLevel: "events", short: "Show tspod events", load: () => import("./events.ts") },
    { name: "info", topLevel: "info", short: "Display tspod system information", load: () => import("./info.ts") },
    { name: "service", short: "Run API service", load: () => import("./service.ts") },
    { name: "version", topLevel: "version", short: "Display the tspod version information", load: () => import("./version.ts") },
  ],
};
