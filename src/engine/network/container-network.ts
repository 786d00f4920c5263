/**
 * A container's bridge networking over its life: before `runc create` its network namespace is
 * made, addresses are allocated and netavark sets up veths, routes, DNS and port forwarding;
 * every path that releases the container (stop, exit cleanup, failed start, remove) tears it
 * down again. Teardown is driven by the IPAM records, not the container's state, so a tspod
 * killed mid-setup leaves nothing behind once the container is cleaned up or removed.
 */
import fs from "node:fs";
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerConfig, ContainerRecord } from "../container/container-record.ts";
import { createNetns, netnsMounted, removeNetns } from "../../network/netns.ts";
import { createUsernsNetns, usernsFileFor } from "../../network/netns-userns.ts";
import type { NetavarkOptions } from "../../network/netavark.ts";
import type { NetworkConfig, NetworkStatus, PerNetworkOptions } from "../../network/network-types.ts";

/** Whether the container joins bridge networks (and so owns a netns netavark configures). */
export function usesNetworks(config: Pick<ContainerConfig, "net">): boolean {
  return !!config.net && Object.keys(config.net.networks).length > 0;
}

function networkInfos(rt: Runtime, names: string[]): NetworkConfig[] {
  return names.map((n) => {
    const net = rt.net.store.find(n);
    if (!net) throw new TspodError("no_such_network", `unable to find network with name or ID ${n}`);
    return net;
  });
}

/** netavark's options for some of the container's networks with the addresses it holds. */
function netavarkOptions(config: ContainerConfig, infos: NetworkConfig[], ips: Record<string, string[]>, withPorts: boolean): NetavarkOptions {
  const networks: Record<string, PerNetworkOptions> = {};
  const networkInfo: Record<string, NetworkConfig> = {};
  for (const info of infos) {
    const o = config.net!.networks[info.name]!;
    networks[info.name] = {
      interface_name: o.interface_name,
      static_ips: ips[info.name] ?? [],
      aliases: [...(o.aliases ?? []), config.id.slice(0, 12)],
      ...(o.static_mac ? { static_mac: o.static_mac } : {}),
    };
    // Networks are isolated from each other (netavark's `isolate`) unless a config says otherwise.
    networkInfo[info.name] = info.driver === "bridge" ? { ...info, options: { isolate: "true", ...info.options } } : info;
  }
  return {
    container_id: config.id,
    container_name: config.name,
    networks,
    network_info: networkInfo,
    ...(withPorts && config.net!.ports.length ? { port_mappings: config.net!.ports } : {}),
  };
}

/**
 * Sets up `only` (default: all) of the container's networks in its netns, creating the netns
 * first (`onNetns` is called once it exists). Records the result in `rec.state.net`; on failure
 * undoes what it did.
 */
export async function setupContainerNetwork(rt: Runtime, rec: ContainerRecord, only?: string[], onNetns?: () => void): Promise<void> {
  const { config } = rec;
  if (!usesNetworks(config)) return;
  // a namespace left by a tspod killed mid-setup (or a crash): undo it before starting over
  if (!only && netnsMounted(rt.net.netnsPath(config.id))) teardownContainerNetwork(rt, rec);
  const file = rt.net.netnsPath(config.id);
  const names = only ?? Object.keys(config.net!.networks);
  try {
    // a container in its own user namespace gets a netns owned by it (made with the namespace)
    const linux = config.spec.linux;
    const userns = linux.namespaces.find((n) => n.type === "user")?.path;
    const joined = userns?.startsWith("container:") ? rt.state.getContainer(userns.slice("container:".length))?.state.pid : undefined;
    if (netnsMounted(file)) createNetns(file);
    else if (userns === usernsFileFor(file)) await createUsernsNetns(file, { uid: linux.uidMappings ?? [], gid: linux.gidMappings ?? [] });
    else if (joined) await createUsernsNetns(file, { join: `/proc/${joined}/ns/user` });
    else createNetns(file);
    onNetns?.();
    const infos = networkInfos(rt, names);
    for (const n of infos) {
      if (n.driver !== "bridge" && !(n.subnets ?? []).length) throw new TspodError("invalid_argument", `network ${n.name}: DHCP (no subnet) is not supported`);
    }
    const ips = rt.net.ipam.allocate(config.id, infos.map((n) => ({ network: n, staticIps: config.net!.networks[n.name]!.static_ips ?? [] })));
    rt.log.debug(`netavark setup ${config.id} in ${file}: ${JSON.stringify(ips)}`);
    const all = !only || Object.keys(config.net!.networks).every((n) => names.includes(n));
    const status = await rt.net.netavark.setup(file, netavarkOptions(config, infos, ips, all));
    rec.state.net = { netns: file, networks: { ...(only ? rec.state.net?.networks : {}), ...status } };
  } catch (err) {
    if (only) teardownNetworks(rt, rec, only, false);
    else teardownContainerNetwork(rt, rec);
    throw err;
  }
}

/** Tears down some networks of a container whose netns stays (network disconnect). */
export function teardownNetworks(rt: Runtime, rec: ContainerRecord, names: string[], keepIps: boolean): void {
  const { config } = rec;
  const file = rt.net.netnsPath(config.id);
  const held = rt.net.ipam.allocationsOf(config.id);
  const infos = names.map((n) => rt.net.store.find(n)).filter((n): n is NetworkConfig => !!n && !!config.net?.networks[n.name]);
  if (infos.length && fs.existsSync(file)) {
    const all = Object.keys(config.net!.networks).every((n) => names.includes(n));
    const err = rt.net.netavark.teardown(file, netavarkOptions(config, infos, held, all));
    if (err) rt.log.debug(`netavark teardown of ${config.id}: ${err}`);
  }
  if (keepIps) return;
  rt.net.ipam.release(config.id, names);
  if (rec.state.net) for (const n of names) delete rec.state.net.networks[n];
}

/** What a full teardown of the container has to do (undefined: nothing). */
function teardownPlan(rt: Runtime, rec: ContainerRecord): { file: string; exists: boolean; held: Record<string, string[]>; opts?: NetavarkOptions } | undefined {
  const { config } = rec;
  const file = rt.net.netnsPath(config.id);
  const exists = fs.existsSync(file);
  if (!usesNetworks(config) && !exists && !rec.state.net) return undefined;
  const held = rt.net.ipam.allocationsOf(config.id);
  let opts: NetavarkOptions | undefined;
  if (exists && usesNetworks(config)) {
    const infos = Object.keys(config.net!.networks).map((n) => rt.net.store.find(n)).filter((n): n is NetworkConfig => !!n);
    if (infos.length) opts = netavarkOptions(config, infos, held, true);
  }
  return { file, exists, held, opts };
}

function finishTeardown(rt: Runtime, rec: ContainerRecord, plan: NonNullable<ReturnType<typeof teardownPlan>>, err: string | undefined): void {
  if (err) rt.log.debug(`netavark teardown of ${rec.config.id}: ${err}`);
  if (plan.exists) removeNetns(plan.file);
  if (Object.keys(plan.held).length) rt.net.ipam.release(rec.config.id);
  delete rec.state.net;
}

/** Undoes setupContainerNetwork completely; safe to call when nothing (or half) was set up. */
export function teardownContainerNetwork(rt: Runtime, rec: ContainerRecord): void {
  const plan = teardownPlan(rt, rec);
  if (!plan) return;
  finishTeardown(rt, rec, plan, plan.opts ? rt.net.netavark.teardown(plan.file, plan.opts) : undefined);
}

/** teardownContainerNetwork with netavark running in the background (removal does other work meanwhile). */
export async function teardownContainerNetworkAsync(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const plan = teardownPlan(rt, rec);
  if (!plan) return;
  finishTeardown(rt, rec, plan, plan.opts ? await rt.net.netavark.teardownAsync(plan.file, plan.opts) : undefined);
}

/** The first IPv4 address (and the gateway) the container got, for /etc/hosts. */
export function primaryAddresses(status: Record<string, NetworkStatus> | undefined): { ip?: string; gateway?: string; all: string[] } {
  const all: string[] = [];
  let ip: string | undefined;
  let gateway: string | undefined;
  for (const s of Object.values(status ?? {})) {
    for (const iface of Object.values(s.interfaces)) {
      for (const sub of iface.subnets ?? []) {
        const addr = sub.ipnet.split("/")[0]!;
        all.push(addr);
        if (!ip && !addr.includes(":")) {
          ip = addr;
          gateway = sub.gateway;
        }
      }
    }
  }
  return { ip: ip ?? all[0], gateway, all };
}
