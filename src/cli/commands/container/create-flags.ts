/** The flags `create` and `run` share, and their translation into ContainerCreateOptions. */
import fs from "node:fs";
import { USERNS_FLAGS, usernsOptionsFromFlags } from "./userns-flags.ts";
import { exactError, TspodError } from "../../../errors/tspod-error.ts";
import type { ContainerCreateOptions } from "../../../domain/container-engine.ts";
import { bool, int, list, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";
import { HEALTH_FLAGS, healthOptionsFromFlags } from "./health-flags.ts";
import { NETWORK_FLAGS, networkOptionsFromFlags } from "./network-flags.ts";
import { MOUNT_FLAGS, mountOptionsFromFlags } from "./mount-flags.ts";

export const CREATE_FLAGS: FlagSpec[] = [
  { name: "annotation", type: "strings", description: "Add annotations to container (key=value)" },
  { name: "cgroup-parent", type: "string", description: "Optional parent cgroup for the container" },
  { name: "cgroupns", type: "string", description: "cgroup namespace to use" },
  { name: "cgroups", type: "string", description: `control container cgroup configuration ("enabled"|"disabled"|"no-conmon"|"split")`, default: "enabled" },
  { name: "cidfile", type: "string", description: "Write the container ID to the file" },
  { name: "cpu-period", type: "int", description: "Limit the CPU CFS (Completely Fair Scheduler) period" },
  { name: "cpu-quota", type: "int", description: "Limit the CPU CFS (Completely Fair Scheduler) quota" },
  { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
  { name: "cpus", type: "string", description: "Number of CPUs. The default is 0.000 which means no limit" },
  { name: "cpuset-cpus", type: "string", description: "CPUs in which to allow execution (0-3, 0,1)" },
  { name: "cpuset-mems", type: "string", description: "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems." },
  { name: "device", type: "strings", description: "Add a host device to the container" },
  { name: "env-file", type: "strings", description: "Read in a file of environment variables" },
  { name: "env-host", type: "bool", description: "Use all current host environment variables in container" },
  { name: "group-add", type: "strings", description: "Add additional groups to the primary container process. 'keep-groups' allows container processes to use supplementary groups." },
  { name: "init", type: "bool", description: "Run an init binary inside the container that forwards signals and reaps processes" },
  { name: "init-path", type: "string", description: "Path to the container-init binary" },
  { name: "ipc", type: "string", description: "IPC namespace to use" },
  { name: "label-file", type: "strings", description: "Read in a line delimited file of labels" },
  { name: "log-driver", type: "string", description: "Logging driver for the container" },
  { name: "log-opt", type: "strings", description: "Logging driver options" },
  { name: "memory", short: "m", type: "string", description: "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" },
  { name: "memory-reservation", type: "string", description: "Memory soft limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" },
  { name: "memory-swap", type: "string", description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { name: "oom-score-adj", type: "int", description: "Tune the host's OOM preferences (-1000 to 1000)" },
  { name: "pid", type: "string", description: "PID namespace to use" },
  { name: "pod", type: "string", description: "Run container in an existing pod" },
  { name: "pod-id-file", type: "string", description: "Read the pod ID from the file" },
  { name: "pids-limit", type: "int", description: "Tune container pids limit (set -1 for unlimited)" },
  { name: "read-only-tmpfs", type: "bool", description: "When running containers in read-only mode mount a read-write tmpfs on /run, /tmp and /var/tmp", default: true },
  { name: "replace", type: "bool", description: "If a container with the same name exists, replace it" },
  { name: "security-opt", type: "strings", description: "Security Options" },
  { name: "shm-size", type: "string", description: "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" },
  { name: "stop-signal", type: "string", description: "Signal to stop a container. Default is SIGTERM" },
  { name: "stop-timeout", type: "int", description: "Timeout (in seconds) that containers stopped by user command have to exit. If exceeded, the container will be forcibly stopped via SIGKILL." },
  { name: "sysctl", type: "strings", description: "Sysctl options" },
  { name: "tmpfs", type: "strings", description: "Mount a temporary filesystem (tmpfs) into a container" },
  { name: "tz", type: "string", description: "Set timezone in container" },
  { name: "umask", type: "string", description: "Set umask in container" },
  { name: "unsetenv", type: "strings", description: "Unset environment default variables in container" },
  { name: "unsetenv-all", type: "bool", description: "Unset all default environment variables in container" },
  { name: "uts", type: "string", description: "UTS namespace to use" },
  ...USERNS_FLAGS,
  { name: "cap-add", type: "strings", description: "Add capabilities to the container" },
  { name: "cap-drop", type: "strings", description: "Drop capabilities from the container" },
  { name: "cert-dir", type: "string", description: "use certificates at the specified path to access the registry", valueName: "Pathname" },
  { name: "entrypoint", type: "string", description: "Overwrite the default ENTRYPOINT of the image" },
  { name: "env", short: "e", type: "strings", description: "Set environment variables in container" },
  { name: "hostname", short: "h", type: "string", description: "Set container hostname" },
  { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
  { name: "label", short: "l", type: "strings", description: "Set metadata on container" },
  { name: "name", type: "string", description: "Assign a name to the container" },
  { name: "network", type: "strings", description: "Connect a container to a network", valueName: "mode" },
  { name: "net", type: "strings", description: "Connect a container to a network", hidden: true },
  { name: "privileged", type: "bool", description: "Give extended privileges to container" },
  { name: "pull", type: "string", description: "Pull image policy", default: "missing" },
  { name: "read-only", type: "bool", description: "Make containers root filesystem read-only" },
  { name: "restart", type: "string", description: "Restart policy to apply when a container exits (\"always\"|\"no\"|\"on-failure\"|\"unless-stopped\")" },
  { name: "rm", type: "bool", description: "Remove container (and pod if created) after exit" },
  { name: "timeout", type: "int", description: "Maximum length of time a container is allowed to run. The container will be killed automatically after the time expires.", default: 0 },
  { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
  { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY for container" },
  { name: "ulimit", type: "strings", description: "Ulimit options" },
  { name: "user", short: "u", type: "string", description: "Username or UID (format: <name|uid>[:<group|gid>])" },
  { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
  ...HEALTH_FLAGS,
  ...NETWORK_FLAGS,
  ...MOUNT_FLAGS,
];

/** `--entrypoint '["a","b"]'` is a JSON array; anything else is one argument ("" clears it). */
export function parseEntrypoint(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === "") return [""];
  if (value.startsWith("[")) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed as string[];
    } catch {
      // not JSON: one argument, as Podman does
    }
  }
  return [value];
}

/** `--pod NAME|ID|new:NAME`, or the id read from `--pod-id-file`. */
function podFlag(pod: string | undefined, file: string | undefined): string | undefined {
  if (!file) return pod || undefined;
  if (pod) throw exactError("invalid_argument", "cannot specify both --pod and --pod-id-file");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    throw exactError("invalid_argument", `unable to read pod ID file: open ${file}: no such file or directory`);
  }
}

const PULL_POLICIES = ["always", "missing", "never", "newer"] as const;

function splitCommas(values: string[]): string[] {
  return values.flatMap((v) => v.split(",")).filter(Boolean);
}

export function createOptionsFromFlags(parsed: ParsedArgs, detach: boolean): ContainerCreateOptions {
  const f = parsed.flags;
  const [image, ...command] = parsed.args;
  if (!image) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
  const pull = str(f, "pull") ?? "missing";
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) {
    const err = new TspodError("invalid_argument", `unsupported pull policy "${pull}"`);
    Object.defineProperty(err, "message", { value: `unsupported pull policy "${pull}"` });
    throw err;
  }
  if (bool(f, "replace") && !str(f, "name")) throw exactError("invalid_argument", "cannot replace container without --name being set");
  return {
    image,
    command,
    name: str(f, "name"),
    entrypoint: parseEntrypoint(str(f, "entrypoint")),
    env: list(f, "env"),
    workdir: str(f, "workdir"),
    user: str(f, "user"),
    hostname: str(f, "hostname"),
    tty: bool(f, "tty"),
    interactive: bool(f, "interactive"),
    detach,
    remove: bool(f, "rm"),
    network: [...list(f, "network"), ...list(f, "net")].join(",") || undefined,
    labels: list(f, "label"),
    ulimits: list(f, "ulimit"),
    capAdd: splitCommas(list(f, "cap-add")),
    capDrop: splitCommas(list(f, "cap-drop")),
    privileged: bool(f, "privileged"),
    readOnly: bool(f, "read-only"),
    pull: pull as ContainerCreateOptions["pull"],
    tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
    certDir: str(f, "cert-dir"),
    createFlags: {
      replace: bool(f, "replace"),
      envFiles: list(f, "env-file"),
      envHost: bool(f, "env-host"),
      unsetenv: list(f, "unsetenv"),
      unsetenvAll: bool(f, "unsetenv-all"),
      groupAdd: splitCommas(list(f, "group-add")),
      init: bool(f, "init"),
      initPath: str(f, "init-path"),
      readOnlyTmpfs: bool(f, "read-only-tmpfs"),
      tmpfs: list(f, "tmpfs"),
      securityOpt: list(f, "security-opt"),
      memory: str(f, "memory"),
      memorySwap: str(f, "memory-swap"),
      memoryReservation: str(f, "memory-reservation"),
      cpus: str(f, "cpus"),
      cpuShares: int(f, "cpu-shares"),
      cpuQuota: int(f, "cpu-quota"),
      cpuPeriod: int(f, "cpu-period"),
      cpusetCpus: str(f, "cpuset-cpus"),
      cpusetMems: str(f, "cpuset-mems"),
      pidsLimit: int(f, "pids-limit"),
      shmSize: str(f, "shm-size"),
      devices: list(f, "device"),
      sysctls: list(f, "sysctl"),
      pid: str(f, "pid"),
      ipc: str(f, "ipc"),
      uts: str(f, "uts"),
      cgroupns: str(f, "cgroupns"),
      stopSignal: str(f, "stop-signal"),
      stopTimeout: int(f, "stop-timeout"),
      labelFiles: list(f, "label-file"),
      annotations: list(f, "annotation"),
      cidfile: str(f, "cidfile"),
      tz: str(f, "tz"),
      umask: str(f, "umask"),
      logDriver: str(f, "log-driver"),
      logOpts: list(f, "log-opt"),
      cgroupParent: str(f, "cgroup-parent"),
      cgroups: str(f, "cgroups"),
      oomScoreAdj: int(f, "oom-score-adj"),
      ...usernsOptionsFromFlags(parsed),
      ...mountOptionsFromFlags(parsed),
    },
    restart: str(f, "restart"),
    timeout: int(f, "timeout"),
    pod: podFlag(str(f, "pod"), str(f, "pod-id-file")),
    ...healthOptionsFromFlags(parsed),
    ...networkOptionsFromFlags(parsed),
  };
}
