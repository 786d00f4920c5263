/** `pod clone`: the create options that make a pod with another pod's settings. */
import type { PodCreateOptions } from "../domain/pod-engine.ts";
import type { PodConfig } from "../engine/pod/pod-record.ts";

export function cloneOptions(src: PodConfig, name: string | undefined): PodCreateOptions {
  const r = src.resources;
  return {
    name: name ?? `${src.name}-clone`,
    infra: src.infra,
    infraImage: src.infraImage || undefined,
    infraCommand: src.infraCommand.length ? src.infraCommand : undefined,
    share: src.infra ? src.sharedNamespaces.join(",") || "none" : undefined,
    shareParent: src.shareParent,
    network: src.network.network || undefined,
    publish: src.network.publish,
    ip: src.network.ip || undefined,
    mac: src.network.mac || undefined,
    addHost: src.network.addHost,
    dns: src.network.dns,
    dnsSearch: src.network.dnsSearch,
    dnsOption: src.network.dnsOption,
    hostname: src.hostname || undefined,
    noHosts: src.network.noHosts,
    labels: Object.entries(src.labels).map(([k, v]) => `${k}=${v}`),
    cgroupParent: src.cgroupParent === "/tspod_parent" ? undefined : src.cgroupParent,
    replace: false,
    exitPolicy: src.exitPolicy,
    cpus: r.nanoCpus ? String(r.nanoCpus / 1e9) : undefined,
    cpuShares: r.cpuShares || undefined,
    cpusetCpus: r.cpusetCpus || undefined,
    cpusetMems: r.cpusetMems || undefined,
    memory: r.memory ? String(r.memory) : undefined,
    memorySwap: r.memorySwap && r.memorySwap !== r.memory * 2 ? String(r.memorySwap) : undefined,
    volumes: src.volumes,
    devices: src.devices,
    securityOpt: src.securityOpt,
    userns: src.userns || undefined,
    uidmap: src.idmap?.uidmap,
    gidmap: src.idmap?.gidmap,
    subuidname: src.idmap?.subuidname || undefined,
    subgidname: src.idmap?.subgidname || undefined,
  };
}
