import type { CommandSpec } from "../../command.ts";
import { bool, int, list, str } from "../../flags.ts";
import { parseEntrypoint } from "../container/create-flags.ts";
import { usageError } from "../container/container-targets.ts";
import type { PodCreateOptions } from "../../../domain/pod-engine.ts";
import type { ParsedArgs } from "../../flags.ts";
import { USERNS_FLAGS, usernsOptionsFromFlags } from "../container/userns-flags.ts";

export function podCreateOptions(parsed: ParsedArgs): PodCreateOptions {
  const f = parsed.flags;
  if (parsed.args.length > 1) throw usageError(`accepts at most 1 arg(s), received ${parsed.args.length}`);
  const positional = parsed.args[0];
  if (positional && str(f, "name")) throw usageError("cannot specify --name and NAME at the same time");
  const networks = list(f, "network");
  return {
    name: positional ?? str(f, "name"),
    infra: parsed.changed.has("infra") ? bool(f, "infra") : true,
    infraImage: str(f, "infra-image"),
    infraCommand: parseEntrypoint(str(f, "infra-command")),
    infraName: str(f, "infra-name"),
    infraConmonPidFile: str(f, "infra-conmon-pidfile"),
    share: parsed.changed.has("share") ? str(f, "share") : undefined,
    shareParent: parsed.changed.has("share-parent") ? bool(f, "share-parent") : undefined,
    network: networks.length ? networks.join(",") : undefined,
    publish: list(f, "publish"),
    ip: str(f, "ip"),
    mac: str(f, "mac-address"),
    addHost: list(f, "add-host"),
    dns: list(f, "dns"),
    dnsSearch: list(f, "dns-search"),
    dnsOption: list(f, "dns-option"),
    hostname: str(f, "hostname"),
    noHosts: bool(f, "no-hosts"),
    labels: list(f, "label"),
    cgroupParent: str(f, "cgroup-parent"),
    podIdFile: str(f, "pod-id-file"),
    replace: bool(f, "replace"),
    exitPolicy: str(f, "exit-policy"),
    cpus: str(f, "cpus"),
    cpuShares: int(f, "cpu-shares"),
    cpusetCpus: str(f, "cpuset-cpus"),
    cpusetMems: str(f, "cpuset-mems"),
    memory: str(f, "memory"),
    memorySwap: str(f, "memory-swap"),
    volumes: list(f, "volume"),
    devices: list(f, "device"),
    securityOpt: list(f, "security-opt"),
    ...usernsOptionsFromFlags(parsed),
    shmSize: str(f, "shm-size"),
    sysctls: list(f, "sysctl"),
    pid: str(f, "pid"),
    uts: str(f, "uts"),
    volumesFrom: list(f, "volumes-from"),
    labelFiles: list(f, "label-file"),
    networkAliases: list(f, "network-alias"),
    ip6: str(f, "ip6"),
    blkioWeight: int(f, "blkio-weight"),
    blkioWeightDevice: list(f, "blkio-weight-device"),
    deviceReadBps: list(f, "device-read-bps"),
    deviceWriteBps: list(f, "device-write-bps"),
  };
}

export const command: CommandSpec = {
  use: "create [options] [NAME]",
  short: "Create a new empty pod",
  long: "After creating the pod, the pod ID is printed to stdout. Containers join it with `tspod run --pod`; they share its network, IPC and UTS namespaces (see --share), held by an infra container running catatonit.",
  examples: ["tspod pod create --name mypod", "tspod pod create --share ipc,net,uts,pid mypod", "tspod pod create --exit-policy stop --label app=web web"],
  flags: [
    { name: "add-host", type: "strings", description: "Add a custom host-to-IP mapping (host:ip)" },
    { name: "blkio-weight", type: "int", description: "Block IO weight (relative weight) accepts a weight value between 10 and 1000." },
    { name: "blkio-weight-device", type: "strings", description: "Block IO weight (relative device weight, format: DEVICE_NAME:WEIGHT)" },
    { name: "device-read-bps", type: "strings", description: "Limit read rate (bytes per second) from a device (e.g. --device-read-bps=/dev/sda:1mb)" },
    { name: "device-write-bps", type: "strings", description: "Limit write rate (bytes per second) to a device (e.g. --device-write-bps=/dev/sda:1mb)" },
    { name: "ip6", type: "string", description: "Specify a static IPv6 address for the container" },
    { name: "label-file", type: "strings", description: "Read in a line delimited file of labels" },
    { name: "network-alias", type: "strings", description: "Add network-scoped alias for the container" },
    { name: "pid", type: "string", description: "PID namespace to use" },
    { name: "shm-size", type: "string", description: "Size of /dev/shm (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))", default: "65536k" },
    { name: "sysctl", type: "strings", description: "Sysctl options" },
    { name: "uts", type: "string", description: "UTS namespace to use" },
    { name: "volumes-from", type: "strings", description: "Mount volumes from the specified container(s)" },
    { name: "cgroup-parent", type: "string", description: "Optional parent cgroup for the container" },
    { name: "cpu-shares", short: "c", type: "int", description: "CPU shares (relative weight)" },
    { name: "cpus", type: "string", description: "Number of CPUs. The default is 0.000 which means no limit" },
    { name: "cpuset-cpus", type: "string", description: "CPUs in which to allow execution (0-3, 0,1)" },
    { name: "cpuset-mems", type: "string", description: "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems." },
    { name: "device", type: "strings", description: "Add a host device to the container" },
    { name: "dns", type: "strings", description: "Set custom DNS servers" },
    { name: "dns-option", type: "strings", description: "Set custom DNS options" },
    { name: "dns-search", type: "strings", description: "Set custom DNS search domains" },
    { name: "exit-policy", type: "string", description: "Behaviour when the last container exits", default: "continue" },
    { name: "hostname", short: "h", type: "string", description: "Set container hostname" },
    { name: "infra", type: "bool", description: "Create an infra container associated with the pod to share namespaces with", default: true },
    { name: "infra-command", type: "string", description: "Overwrite the default ENTRYPOINT of the image" },
    { name: "infra-conmon-pidfile", type: "string", description: "Path to the file that will receive the PID of conmon" },
    { name: "infra-image", type: "string", description: "Image to use to override builtin infra container" },
    { name: "infra-name", type: "string", description: "Assign a name to the container" },
    { name: "ip", type: "string", description: "Specify a static IPv4 address for the container" },
    { name: "label", short: "l", type: "strings", description: "Set metadata on container" },
    { name: "mac-address", type: "string", description: "Container MAC address (e.g. 92:d0:c6:0a:29:33)" },
    { name: "memory", short: "m", type: "string", description: "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" },
    { name: "memory-swap", type: "string", description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
    { name: "name", short: "n", type: "string", description: "Assign a name to the pod" },
    { name: "network", type: "strings", description: "Connect a container to a network" },
    { name: "no-hosts", type: "bool", description: "Do not create /etc/hosts within the container, instead use the version from the image" },
    { name: "pod-id-file", type: "string", description: "Write the pod ID to the file" },
    { name: "publish", short: "p", type: "strings", description: "Publish a container's port, or a range of ports, to the host" },
    { name: "replace", type: "bool", description: "If a pod with the same name exists, replace it" },
    { name: "security-opt", type: "strings", description: "Security Options" },
    { name: "share", type: "string", description: "A comma delimited list of kernel namespaces the pod will share", default: "ipc,net,uts" },
    { name: "share-parent", type: "bool", description: "Set the pod's cgroup as the cgroup parent for all containers joining the pod", default: true },
    ...USERNS_FLAGS,
    { name: "volume", short: "v", type: "strings", description: "Bind mount a volume into the container" },
  ],
  async run(ctx, parsed) {
    const opts = podCreateOptions(parsed);
    const engines = await ctx.engines();
    const { id } = await engines.pods.create(opts);
    ctx.out(`${id}\n`);
    return 0;
  },
};
