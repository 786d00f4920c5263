/**
 * `pod create` options → the pod's stored config: validates them with Podman's messages and
 * decides the shared namespaces, the pod's cgroup and its limits.
 */
import { randomHexId } from "../util/random-id.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { PodCreateOptions } from "../domain/pod-engine.ts";
import { SHAREABLE_NAMESPACES, type PodConfig, type PodExitPolicy, type ShareableNamespace } from "../engine/pod/pod-record.ts";
import { isValidContainerName, randomContainerName } from "../engine/container/container-names.ts";
import { parseMemory, parseNanoCpus } from "../util/parse-units.ts";
import { parseLabels } from "./container-options.ts";
import { readLabelFile } from "../util/flag-files.ts";
import { parseThrottleDevice, parseWeightDevice } from "./blkio-options.ts";
import { ramInBytes } from "../util/parse-units.ts";
import { parseSysctls } from "../spec/sysctl-rules.ts";

const DEFAULT_SHARE: ShareableNamespace[] = ["ipc", "net", "uts"];
/** The order Podman lists shared namespaces in. */
const SHARE_ORDER: ShareableNamespace[] = ["cgroup", "pid", "ipc", "net", "uts"];
const CPU_PERIOD = 100_000;
export const DEFAULT_POD_CGROUP_PARENT = "/tspod_parent";

/** `--share`: "none", a list, or `+list` added to the defaults. */
export function parseShare(value: string | undefined, infra: boolean): ShareableNamespace[] {
  if (value === undefined) return infra ? [...DEFAULT_SHARE] : [];
  const add = value.startsWith("+");
  const words = (add ? value.slice(1) : value).split(",").map((w) => w.trim()).filter(Boolean);
  const out = new Set<ShareableNamespace>(add ? DEFAULT_SHARE : []);
  for (const w of words) {
    if (w === "none") continue;
    if (!(SHAREABLE_NAMESPACES as readonly string[]).includes(w)) {
      throw exactError("invalid_argument", `invalid kernel namespace to share: ${w}. Options are: cgroup, ipc, net, pid, uts or none`);
    }
    out.add(w as ShareableNamespace);
  }
  if (!infra && out.size > 0) throw exactError("invalid_argument", `cannot set share(${[...out].join(",")}) namespaces without an infra container`);
  return SHARE_ORDER.filter((n) => out.has(n));
}

export function parseExitPolicy(value: string | undefined): PodExitPolicy {
  if (value === undefined || value === "" || value === "continue") return "continue";
  if (value === "stop") return "stop";
  throw exactError("invalid_argument", `running pod create option: invalid pod exit policy: ${JSON.stringify(value)}`);
}

export function buildPodConfig(opts: PodCreateOptions, createCommand: string[]): PodConfig {
  const id = randomHexId();
  const name = opts.name || randomContainerName();
  if (!isValidContainerName(name)) throw new TspodError("invalid_argument", "names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
  const infra = opts.infra;
  const networkFlags = opts.ip || opts.mac || opts.addHost.length || opts.dns.length || opts.noHosts;
  if (!infra && opts.publish.length > 0) throw exactError("invalid_argument", "you must have an infra container to publish port bindings to the host");
  if (!infra && opts.network) throw exactError("invalid_argument", "NoInfra and network modes cannot be used together");
  if (!infra && networkFlags) throw exactError("invalid_argument", "cannot set network options for a pod without an infra container");
  if (!infra && (opts.infraImage || opts.infraCommand || opts.infraName || opts.infraConmonPidFile)) {
    throw exactError("invalid_argument", "cannot set infra options (--infra-image, --infra-command, --infra-name, --infra-conmon-pidfile) without an infra container");
  }
  const sharedNamespaces = parseShare(opts.share, infra);
  const nanoCpus = parseNanoCpus(opts.cpus) ?? 0;
  const memory = parseMemory(opts.memory) ?? 0;
  const memorySwap = parseMemory(opts.memorySwap, true) ?? (memory ? memory * 2 : 0);
  if (opts.shmSize !== undefined && ramInBytes(opts.shmSize) === undefined) throw exactError("invalid_argument", `unable to translate --shm-size: invalid size: '${opts.shmSize}'`);
  parseSysctls(opts.sysctls ?? []);
  const cgroupParent = opts.cgroupParent ? `/${opts.cgroupParent.replace(/^\/+|\/+$/g, "")}` : DEFAULT_POD_CGROUP_PARENT;
  return {
    id,
    name,
    created: new Date().toISOString(),
    createCommand,
    labels: parseLabels([...(opts.labelFiles ?? []).flatMap(readLabelFile), ...opts.labels]),
    hostname: opts.hostname ?? "",
    cgroupParent,
    cgroupPath: `${cgroupParent}/${id}`,
    exitPolicy: parseExitPolicy(opts.exitPolicy),
    sharedNamespaces,
    shareParent: opts.shareParent !== false,
    infra,
    infraId: "",
    infraImage: opts.infraImage ?? "",
    infraCommand: opts.infraCommand ?? [],
    infraName: opts.infraName ?? "",
    infraConmonPidFile: opts.infraConmonPidFile ?? "",
    network: {
      network: opts.network ?? "",
      publish: opts.publish,
      ip: opts.ip ?? "",
      mac: opts.mac ?? "",
      addHost: opts.addHost,
      dns: opts.dns,
      dnsSearch: opts.dnsSearch,
      dnsOption: opts.dnsOption,
      noHosts: opts.noHosts,
      aliases: opts.networkAliases ?? [],
      ip6: opts.ip6 ?? "",
    },
    resources: {
      nanoCpus,
      cpuQuota: nanoCpus ? Math.round((nanoCpus / 1e9) * CPU_PERIOD) : 0,
      cpuPeriod: nanoCpus ? CPU_PERIOD : 0,
      cpuShares: opts.cpuShares ?? 0,
      cpusetCpus: opts.cpusetCpus ?? "",
      cpusetMems: opts.cpusetMems ?? "",
      memory,
      memorySwap,
      blkioWeight: opts.blkioWeight ?? 0,
      blkioWeightDevice: (opts.blkioWeightDevice ?? []).map(parseWeightDevice),
      deviceReadBps: (opts.deviceReadBps ?? []).map(parseThrottleDevice),
      deviceWriteBps: (opts.deviceWriteBps ?? []).map(parseThrottleDevice),
    },
    volumes: opts.volumes,
    devices: opts.devices,
    securityOpt: opts.securityOpt,
    userns: opts.userns ?? "",
    infraFlags: { shmSize: opts.shmSize, sysctls: opts.sysctls ?? [], pid: opts.pid, uts: opts.uts, volumesFrom: opts.volumesFrom ?? [] },
    idmap: { uidmap: opts.uidmap ?? [], gidmap: opts.gidmap ?? [], subuidname: opts.subuidname ?? "", subgidname: opts.subgidname ?? "" },
  };
}
