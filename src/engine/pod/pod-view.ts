/** Maps stored pods to Podman's wire shapes for `pod ps` and `pod inspect`. */
import type { PodInspect, PodListEntry } from "../../define/pod-types.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { wireStatus } from "../container/container-view.ts";
import { podHasUserns, type PodConfig } from "./pod-record.ts";
import { podStatus } from "./pod-status.ts";
import { inspectContainerMounts } from "../volume/mount-inspect.ts";

/** The bridge networks of the infra container (the pod's). */
function networks(infra: ContainerRecord | undefined): string[] {
  if (!infra) return [];
  if (infra.config.net) return Object.keys(infra.config.net.networks);
  return infra.config.networkMode === "bridge" ? ["podman"] : [];
}

/** The infra container's published ports (host ports chosen at create) in Podman's shape. */
function infraPortBindings(pod: PodConfig, infra: ContainerRecord | undefined): Record<string, { HostIp: string; HostPort: string }[]> {
  const ports = infra?.config.net?.ports;
  if (!ports) return portBindings(pod.network.publish);
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) {
    for (let i = 0; i < (p.range || 1); i++) (out[`${p.container_port + i}/${p.protocol}`] ??= []).push({ HostIp: p.host_ip, HostPort: String(p.host_port + i) });
  }
  return out;
}

/** `-p [ip:][hostPort:]containerPort[/proto]` → Podman's PortBindings (as given; no host port chosen). */
export function portBindings(publish: string[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of publish) {
    const [spec, proto = "tcp"] = p.split("/");
    const parts = spec!.startsWith("[") ? [spec!.slice(1, spec!.indexOf("]")), ...spec!.slice(spec!.indexOf("]") + 2).split(":")] : spec!.split(":");
    const container = parts.pop()!;
    const hostPort = parts.pop() ?? "";
    const hostIp = parts.pop() ?? "";
    (out[`${container}/${proto}`] ??= []).push({ HostIp: hostIp, HostPort: hostPort });
  }
  return out;
}

export function podListEntry(pod: PodConfig, members: ContainerRecord[]): PodListEntry {
  const infra = members.find((r) => r.config.id === pod.infraId);
  return {
    Cgroup: pod.cgroupParent,
    Containers: members.map((r) => ({ Id: r.config.id, Names: r.config.name, Status: wireStatus(r.state.status) })),
    Created: pod.created,
    Id: pod.id,
    InfraId: pod.infraId,
    Name: pod.name,
    Namespace: "",
    Networks: networks(infra),
    Status: podStatus(members.map((r) => r.state.status)),
    Labels: pod.labels,
  };
}

export function podInspect(pod: PodConfig, members: ContainerRecord[]): PodInspect {
  const infra = members.find((r) => r.config.id === pod.infraId);
  const r = pod.resources;
  const out = {
    Id: pod.id,
    Name: pod.name,
    Created: pod.created,
    CreateCommand: pod.createCommand,
    ExitPolicy: pod.exitPolicy,
    State: podStatus(members.map((m) => m.state.status)),
    Hostname: pod.hostname,
    ...(Object.keys(pod.labels).length ? { Labels: pod.labels } : {}),
    CreateCgroup: true,
    CgroupParent: pod.cgroupParent,
    CgroupPath: pod.cgroupPath,
    CreateInfra: pod.infra,
  } as PodInspect;
  if (pod.infra) {
    const n = pod.network;
    out.InfraContainerID = pod.infraId;
    out.InfraConfig = {
      PortBindings: infraPortBindings(pod, infra),
      HostNetwork: n.network === "host",
      StaticIP: n.ip,
      StaticMAC: n.mac,
      NoManageResolvConf: false,
      DNSServer: n.dns.length ? n.dns : null,
      DNSSearch: n.dnsSearch.length ? n.dnsSearch : null,
      DNSOption: n.dnsOption.length ? n.dnsOption : null,
      NoManageHosts: n.noHosts,
      HostAdd: n.addHost.length ? n.addHost : null,
      Networks: networks(infra),
      NetworkOptions: null,
      ...(r.cpuPeriod ? { cpu_period: r.cpuPeriod, cpu_quota: r.cpuQuota } : {}),
      ...(r.cpusetCpus ? { cpuset_cpus: r.cpusetCpus } : {}),
      // the infra container's own namespaces (members join them)
      pid_ns: "private",
      userns: podHasUserns(pod) ? (pod.userns || "private") : pod.userns || "host",
      uts_ns: "private",
    };
    out.SharedNamespaces = podHasUserns(pod) ? withUser(pod.sharedNamespaces) : pod.sharedNamespaces;
  }
  out.NumContainers = members.length;
  out.Containers = members.map((m) => ({ Id: m.config.id, Name: m.config.name, State: wireStatus(m.state.status) }));
  if (r.cpuPeriod) {
    out.cpu_period = r.cpuPeriod;
    out.cpu_quota = r.cpuQuota;
  }
  if (r.cpuShares) out.cpu_shares = r.cpuShares;
  if (r.cpusetCpus) out.cpuset_cpus = r.cpusetCpus;
  if (r.memory) {
    out.memory_limit = r.memory;
    out.memory_swap = r.memorySwap;
  }
  if (infra?.config.mounts?.length) out.mounts = inspectContainerMounts(infra.config.mounts);
  if (pod.devices.length) out.devices = pod.devices.map((d) => ({ path: d.split(":")[0] }));
  if (pod.securityOpt.length) out.security_opt = pod.securityOpt;
  return out;
}

/** Podman lists the user namespace as shared (after net) when the infra container has one. */
function withUser(shared: readonly string[]): string[] {
  const out = [...shared];
  const net = out.indexOf("net");
  out.splice(net >= 0 ? net + 1 : out.length, 0, "user");
  return out;
}
