/** Registry credentials: Podman's top-level `login` and `logout` (also `tspod registry login|logout`). */
import type { CommandNode } from "../../command-node.ts";

export const REGISTRY_COMMANDS: CommandNode = {
  name: "registry",
  short: "Manage registry credentials",
  children: [
    { name: "login", topLevel: "login", short: "Log in to a container registry", load: () => import("./login.ts") },
    { name: "logout", topLevel: "logout", short: "Log out of a container registry", load: () => import("./logout.ts") },
  ],
};
