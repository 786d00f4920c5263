/**
 * Every command tspod knows, as data: names, one-line summaries and a lazy loader, so
 * `tspod --help` and `tspod ps` never load the modules of other commands.
 */
import type { CommandModule } from "./command.ts";

export interface CommandNode {
  name: string;
  short: string;
  aliases?: string[];
  load?: () => Promise<CommandModule>;
  children?: CommandNode[];
}

const containerRun = () => import("./commands/container/run.ts");
const containerCreate = () => import("./commands/container/create.ts");
const containerStart = () => import("./commands/container/start.ts");
const containerPs = () => import("./commands/container/ps.ts");
const containerRm = () => import("./commands/container/rm.ts");
const containerLogs = () => import("./commands/container/logs.ts");
const containerInspect = () => import("./commands/container/inspect.ts");
const containerWait = () => import("./commands/container/wait.ts");
const imagePull = () => import("./commands/image/pull.ts");
const imageList = () => import("./commands/image/list.ts");
const version = () => import("./commands/system/version.ts");
const info = () => import("./commands/system/info.ts");

export const COMMANDS: CommandNode[] = [
  {
    name: "container",
    short: "Manage containers",
    children: [
      { name: "cleanup", short: "Clean up network and mountpoints of one or more containers", load: () => import("./commands/container/cleanup.ts") },
      { name: "create", short: "Create but do not start a container", load: containerCreate },
      { name: "inspect", short: "Display the configuration of a container", load: containerInspect },
      { name: "list", aliases: ["ls", "ps"], short: "List containers", load: containerPs },
      { name: "logs", short: "Fetch the logs of one or more containers", load: containerLogs },
      { name: "rm", short: "Remove one or more containers", load: containerRm },
      { name: "run", short: "Run a command in a new container", load: containerRun },
      { name: "start", short: "Start one or more containers", load: containerStart },
      { name: "wait", short: "Block on one or more containers", load: containerWait },
    ],
  },
  { name: "create", short: "Create but do not start a container", load: containerCreate },
  {
    name: "image",
    short: "Manage images",
    children: [
      { name: "list", aliases: ["ls"], short: "List images in local storage", load: imageList },
      { name: "pull", short: "Pull an image from a registry", load: imagePull },
    ],
  },
  { name: "images", short: "List images in local storage", load: imageList },
  { name: "info", short: "Display tspod system information", load: info },
  { name: "inspect", short: "Display the configuration of object denoted by ID", load: containerInspect },
  { name: "logs", short: "Fetch the logs of one or more containers", load: containerLogs },
  { name: "ps", short: "List containers", load: containerPs },
  { name: "pull", short: "Pull an image from a registry", load: imagePull },
  { name: "rm", short: "Remove one or more containers", load: containerRm },
  { name: "run", short: "Run a command in a new container", load: containerRun },
  { name: "start", short: "Start one or more containers", load: containerStart },
  {
    name: "system",
    short: "Manage tspod",
    children: [{ name: "info", short: "Display tspod system information", load: info }],
  },
  { name: "version", short: "Display the tspod version information", load: version },
  { name: "wait", short: "Block on one or more containers", load: containerWait },
];

export function findChild(nodes: CommandNode[], word: string): CommandNode | undefined {
  return nodes.find((n) => n.name === word || n.aliases?.includes(word));
}
