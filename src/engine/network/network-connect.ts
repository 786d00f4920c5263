/** `network connect` / `disconnect` / `reload` on a container (lock, reload, act, save). */
import { exactError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { mustGet, syncExitLocked } from "../container/container-sync.ts";
import { writeContainerFiles } from "../container/container-files.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { setupContainerNetwork, teardownNetworks } from "./container-network.ts";
import type { PerNetworkOptions } from "../../network/network-types.ts";

const running = (rec: ContainerRecord) => rec.state.status === "running" || rec.state.status === "paused";

function bridgeOnly(rec: ContainerRecord): void {
  if (!rec.config.net || rec.config.networkMode !== "bridge") {
    throw exactError("invalid_argument", `container ${rec.config.id} is not in bridge network mode (mode: ${rec.config.networkMode}): invalid argument`);
  }
}

export async function connectContainer(rt: Runtime, id: string, network: string, opts: { ips: string[]; mac?: string; aliases: string[] }): Promise<void> {
  const info = rt.net.store.get(network);
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    bridgeOnly(rec);
    const nets = rec.config.net!.networks;
    if (nets[info.name]) {
      // Podman (Docker compat): connecting a container that is not running again is a no-op
      if (!running(rec)) return;
      throw exactError("invalid_argument", `container ${id} is already connected to network ${JSON.stringify(info.name)}: network is already connected`);
    }
    const used = new Set(Object.values(nets).map((o) => o.interface_name));
    let i = 0;
    while (used.has(`eth${i}`)) i++;
    const o: PerNetworkOptions = { interface_name: `eth${i}` };
    if (opts.ips.length) o.static_ips = opts.ips;
    if (opts.mac) o.static_mac = opts.mac;
    if (opts.aliases.length) o.aliases = opts.aliases;
    nets[info.name] = o;
    if (running(rec)) {
      try {
        await setupContainerNetwork(rt, rec, [info.name]);
      } catch (err) {
        delete nets[info.name];
        throw err;
      }
      rt.state.saveState(id, rec.state);
      writeContainerFiles(rt.bundleDir(id), rec.config, rec.state.net);
    }
    rt.state.updateConfig(rec.config);
  });
}

export async function disconnectContainer(rt: Runtime, id: string, network: string, nameOrId = id): Promise<void> {
  const info = rt.net.store.get(network);
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    bridgeOnly(rec);
    if (!rec.config.net!.networks[info.name]) throw exactError("invalid_argument", `container ${nameOrId} is not connected to network ${info.name}`);
    if (running(rec)) {
      teardownNetworks(rt, rec, [info.name], false);
      rt.state.saveState(id, rec.state);
    }
    delete rec.config.net!.networks[info.name];
    rt.state.updateConfig(rec.config);
    if (running(rec)) writeContainerFiles(rt.bundleDir(id), rec.config, rec.state.net);
  });
}

/** Tears down and sets up again every network of a running container (same addresses). */
export async function reloadContainerNetwork(rt: Runtime, id: string): Promise<boolean> {
  return rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    if (!running(rec) || !rec.config.net || !Object.keys(rec.config.net.networks).length) return false;
    const names = Object.keys(rec.config.net.networks);
    teardownNetworks(rt, rec, names, true);
    await setupContainerNetwork(rt, rec, names);
    rt.state.saveState(id, rec.state);
    return true;
  });
}
