/** NetworkEngine over the network config store, IPAM and netavark. */
import path from "node:path";
import { exactError } from "../errors/tspod-error.ts";
import type { NetworkCreateRequest, NetworkEngine, NetworkRemoveReport } from "../domain/network-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { NetworkConfig } from "../network/network-types.ts";
import { networkFilter } from "../network/network-filters.ts";
import { lockFile } from "../util/file-lock.ts";
import { parseEventTime } from "../util/event-time.ts";
import { mustLookup } from "../engine/container/container-sync.ts";
import { removeContainer } from "../engine/container/container-remove.ts";
import { connectContainer, disconnectContainer, reloadContainerNetwork } from "../engine/network/network-connect.ts";

export class LocalNetworkEngine implements NetworkEngine {
  constructor(private readonly rt: Runtime) {}

  private async withNetworkLock<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await lockFile(path.join(this.rt.settings.runroot, "locks", "networks.lock"));
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Ids of the containers on each network. */
  private users(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of this.rt.state.listContainerSummaries()) {
      for (const n of Object.keys(c.config.net?.networks ?? {})) out.set(n, [...(out.get(n) ?? []), c.config.id]);
    }
    return out;
  }

  async create(req: NetworkCreateRequest): Promise<NetworkConfig> {
    return this.withNetworkLock(() => this.rt.net.store.create(req));
  }

  async list(filters: string[]): Promise<NetworkConfig[]> {
    const keep = networkFilter(filters, (v) => parseEventTime(v));
    const users = this.users();
    return this.rt.net.store.list().filter((n) => keep(n, users.has(n.name)));
  }

  async inspect(namesOrIds: string[]): Promise<{ found: NetworkConfig[]; errors: Error[] }> {
    const found: NetworkConfig[] = [];
    const errors: Error[] = [];
    for (const n of namesOrIds) {
      try {
        found.push(this.rt.net.store.get(n));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return { found, errors };
  }

  async remove(namesOrIds: string[], force: boolean, timeout?: number): Promise<NetworkRemoveReport[]> {
    const out: NetworkRemoveReport[] = [];
    for (const n of namesOrIds) {
      try {
        const net = this.rt.net.store.get(n);
        if (net.name === this.rt.settings.conf.network.defaultNetwork) {
          throw exactError("invalid_argument", `default network ${net.name} cannot be removed`);
        }
        const users = this.users().get(net.name) ?? [];
        if (users.length && !force) {
          // Podman stops at the first network in use (the ones after it are left alone)
          out.push({ name: n, error: exactError("network_in_use", `"${net.name}" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used`) });
          break;
        }
        for (const id of users) await removeContainer(this.rt, id, { force: true, timeout });
        await this.withNetworkLock(() => this.rt.net.store.remove(net.name));
        out.push({ name: n });
      } catch (err) {
        out.push({ name: n, error: err as Error });
      }
    }
    return out;
  }

  async prune(filters: string[]): Promise<string[]> {
    const keep = networkFilter(filters, (v) => parseEventTime(v));
    const users = this.users();
    const gone: string[] = [];
    await this.withNetworkLock(() => {
      for (const n of this.rt.net.store.list()) {
        if (n.name === this.rt.settings.conf.network.defaultNetwork || users.has(n.name) || !keep(n, false)) continue;
        this.rt.net.store.remove(n.name);
        gone.push(n.name);
      }
    });
    return gone;
  }

  async exists(nameOrId: string): Promise<boolean> {
    return this.rt.net.store.find(nameOrId) !== undefined;
  }

  async connect(network: string, container: string, opts: { ips: string[]; mac?: string; aliases: string[] }): Promise<void> {
    await connectContainer(this.rt, mustLookup(this.rt, container), network, opts);
  }

  async disconnect(network: string, container: string, _force: boolean): Promise<void> {
    await disconnectContainer(this.rt, mustLookup(this.rt, container), network, container);
  }

  async reload(containers: string[], all: boolean): Promise<{ id: string; error?: Error }[]> {
    const ids = all ? this.rt.state.listContainerIds() : containers.map((c) => mustLookup(this.rt, c));
    const out: { id: string; error?: Error }[] = [];
    for (const id of ids) {
      try {
        if ((await reloadContainerNetwork(this.rt, id)) || !all) out.push({ id });
      } catch (err) {
        out.push({ id, error: err as Error });
      }
    }
    return out;
  }
}
