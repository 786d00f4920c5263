/** The options every tspod command accepts before the command word (`tspod --root X ps`). */
import type { FlagSpec } from "./flags.ts";

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "cgroup-manager", type: "string", description: "Cgroup manager to use (\"cgroupfs\"|\"systemd\")", default: "cgroupfs" },
  { name: "conmon", type: "string", description: "Path of the conmon binary" },
  { name: "connection", short: "c", type: "string", description: "Connection to use for remote tspod service (CONTAINER_CONNECTION)" },
  { name: "help", short: "h", type: "bool", description: "Help for tspod" },
  { name: "identity", type: "string", description: "path to SSH identity file, (CONTAINER_SSHKEY)" },
  { name: "log-level", type: "string", description: "Log messages above specified level (trace, debug, info, warn, warning, error, fatal, panic)", default: "warn" },
  { name: "remote", short: "r", type: "bool", description: "Access remote tspod service" },
  { name: "root", type: "string", description: "Path to the root directory in which data, including images, is stored" },
  { name: "runroot", type: "string", description: "Path to the 'run directory' where all state information is stored" },
  { name: "runtime", type: "string", description: "Path to the OCI-compatible binary used to run containers." },
  { name: "storage-driver", type: "string", description: "Select which storage driver is used to manage storage of images and containers" },
  { name: "url", type: "string", description: "URL to access tspod service (CONTAINER_HOST)" },
  { name: "version", short: "v", type: "bool", description: "Version of tspod" },
];

const LEVELS = ["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"];

export function isLogLevel(s: string): boolean {
  return LEVELS.includes(s);
}
