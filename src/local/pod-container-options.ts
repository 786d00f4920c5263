/**
 * The create options of a pod's containers: the infra container's (the pod's network flags,
 * hostname and cgroup) and a member's (`--pod`: join the infra container's shared namespaces the
 * way `--ipc container:NAME` does, live in the pod's cgroup, get the pod's volumes, devices and
 * security options).
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import { podHasUserns, type PodConfig } from "../engine/pod/pod-record.ts";
import type { Runtime } from "../engine/runtime.ts";

export function podHostname(pod: PodConfig): string {
  return pod.hostname || pod.name;
}

export function infraContainerName(pod: PodConfig): string {
  return pod.infraName || `${pod.id.slice(0, 12)}-infra`;
}

export function infraCreateOptions(pod: PodConfig, image: string): ContainerCreateOptions {
  return {
    image,
    command: [],
    entrypoint: pod.infraCommand.length > 0 ? pod.infraCommand : undefined,
    name: infraContainerName(pod),
    env: [],
    hostname: pod.sharedNamespaces.includes("uts") && !pod.infraFlags?.uts ? podHostname(pod) : undefined,
    tty: false,
    interactive: false,
    detach: true,
    remove: false,
    network: pod.network.network || undefined,
    // the pod's network flags configure the infra container, whose namespace members join
    netFlags: {
      publish: pod.network.publish,
      publishAll: false,
      expose: [],
      dns: pod.network.dns,
      dnsSearch: pod.network.dnsSearch,
      dnsOptions: pod.network.dnsOption,
      addHosts: pod.network.addHost,
      noHosts: pod.network.noHosts,
      ip: pod.network.ip || undefined,
      ip6: pod.network.ip6 || undefined,
      mac: pod.network.mac || undefined,
      aliases: pod.network.aliases ?? [],
    },
    labels: [],
    ulimits: [],
    capAdd: [],
    capDrop: [],
    privileged: false,
    readOnly: false,
    pull: "missing",
    // the pod's volumes are the infra container's too (pod inspect shows them as its mounts)
    createFlags: {
      cgroupParent: pod.cgroupPath,
      // members joining the pod's IPC namespace bind the infra container's /dev/shm
      ipc: pod.sharedNamespaces.includes("ipc") ? "shareable" : undefined,
      shmSize: pod.infraFlags?.shmSize,
      sysctls: pod.infraFlags?.sysctls,
      pid: pod.infraFlags?.pid,
      uts: pod.infraFlags?.uts,
      volumesFrom: pod.infraFlags?.volumesFrom.length ? pod.infraFlags.volumesFrom : undefined,
      volumes: pod.volumes.length ? pod.volumes : undefined,
      userns: pod.userns || undefined,
      ...(pod.idmap ? { uidmap: pod.idmap.uidmap, gidmap: pod.idmap.gidmap, subuidname: pod.idmap.subuidname || undefined, subgidname: pod.idmap.subgidname || undefined } : {}),
    },
  };
}

/** A member's options: the pod's shared namespaces, cgroup, devices and security options. */
export function memberCreateOptions(pod: PodConfig, opts: ContainerCreateOptions): ContainerCreateOptions {
  const flags = { ...(opts.createFlags ?? {}) };
  const shares = (ns: PodConfig["sharedNamespaces"][number]) => pod.infraId !== "" && pod.sharedNamespaces.includes(ns);
  const infra = `container:${pod.infraId}`;
  // As in Podman, a namespace flag the member sets itself wins over the pod's sharing.
  const network = shares("net") && !opts.network ? infra : opts.network;
  if (shares("ipc") && !flags.ipc) flags.ipc = infra;
  if (shares("pid") && !flags.pid) flags.pid = infra;
  if (shares("cgroup") && !flags.cgroupns) flags.cgroupns = infra;
  let hostname = opts.hostname;
  if (shares("uts") && !flags.uts) {
    if (opts.hostname) throw new TspodError("config", "invalid config provided: cannot set hostname when joining the pod UTS namespace");
    flags.uts = infra;
    hostname = podHostname(pod);
  }
  const ownUserns = flags.userns || flags.uidmap?.length || flags.gidmap?.length || flags.subuidname || flags.subgidname;
  if (podHasUserns(pod) && pod.infraId && !ownUserns) flags.userns = infra;
  if (pod.shareParent && !flags.cgroupParent) flags.cgroupParent = pod.cgroupPath;
  // the pod's volumes: the infra container's (its anonymous ones too, as Podman shares them), else the specs
  if ((pod.volumes.length || pod.infraFlags?.volumesFrom.length) && pod.infraId) flags.volumesFrom = [pod.infraId, ...(flags.volumesFrom ?? [])];
  else if (pod.volumes.length) flags.volumes = [...pod.volumes, ...(flags.volumes ?? [])];
  if (pod.devices.length) flags.devices = [...pod.devices, ...(flags.devices ?? [])];
  if (pod.securityOpt.length) flags.securityOpt = [...pod.securityOpt, ...(flags.securityOpt ?? [])];
  return { ...opts, network, hostname, createFlags: flags };
}

/** `--network container:NAME` → `container:<id>` (the spec joins that container's namespace at init). */
export function resolveNetworkContainer(rt: Runtime, opts: ContainerCreateOptions): ContainerCreateOptions {
  if (!opts.network?.startsWith("container:")) return opts;
  const name = opts.network.slice("container:".length);
  const id = rt.state.lookupContainerId(name);
  if (!id) throw new TspodError("no_such_container", `looking up container to share net namespace with: no container with name or ID ${JSON.stringify(name)} found`);
  return { ...opts, network: `container:${id}` };
}
