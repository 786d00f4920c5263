/**
 * Every command tspod knows, as data: one tree per noun (each in its commands/<noun>/ folder),
 * plus the top-level shortcuts they declare, so `tspod --help` and `tspod ps` load no other
 * command's module.
 */
import type { CommandNode } from "./command-node.ts";
import { CONTAINER_COMMANDS } from "./commands/container/container-commands.ts";
import { IMAGE_COMMANDS } from "./commands/image/image-commands.ts";
import { REGISTRY_COMMANDS } from "./commands/registry/registry-commands.ts";
import { SYSTEM_COMMANDS } from "./commands/system/system-commands.ts";
import { HEALTHCHECK_COMMANDS } from "./commands/healthcheck/healthcheck-commands.ts";
import { NETWORK_COMMANDS } from "./commands/network/network-commands.ts";
import { VOLUME_COMMANDS } from "./commands/volume/volume-commands.ts";
import { SECRET_COMMANDS } from "./commands/secret/secret-commands.ts";
import { compareStrings } from "../util/compare-strings.ts";

export type { CommandNode };

const GROUPS: CommandNode[] = [CONTAINER_COMMANDS, IMAGE_COMMANDS, REGISTRY_COMMANDS, SYSTEM_COMMANDS, HEALTHCHECK_COMMANDS, NETWORK_COMMANDS, VOLUME_COMMANDS, SECRET_COMMANDS];

/** Podman's `tspod inspect` looks at any object: a container first, then an image. */
const EXTRA_TOP_LEVEL: CommandNode[] = [
  { name: "inspect", short: "Display the configuration of object denoted by ID", load: () => import("./commands/inspect.ts") },
];

function shortcuts(group: CommandNode): CommandNode[] {
  return (group.children ?? []).filter((c) => c.topLevel).map((c) => ({ name: c.topLevel!, short: c.short, load: c.load }));
}

export const COMMANDS: CommandNode[] = [...GROUPS, ...GROUPS.flatMap(shortcuts), ...EXTRA_TOP_LEVEL].sort((a, b) => compareStrings(a.name, b.name));

export function findChild(nodes: CommandNode[], word: string): CommandNode | undefined {
  return nodes.find((n) => n.name === word || n.aliases?.includes(word));
}
