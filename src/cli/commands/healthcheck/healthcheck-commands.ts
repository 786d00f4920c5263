/** `tspod healthcheck …` */
import type { CommandNode } from "../../command-node.ts";

export const HEALTHCHECK_COMMANDS: CommandNode = {
  name: "healthcheck",
  short: "Manage health checks on containers",
  children: [
    { name: "run", short: "Run the health check of a container", load: () => import("./run.ts") },
    { name: "timer", short: "Run a container's health check on schedule (started with the container)", hidden: true, load: () => import("./timer.ts") },
  ],
};
