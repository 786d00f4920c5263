/**
 * The network config directory (Podman's netavark JSON files, one `<name>.json` per network) plus
 * the built-in default network, and `network create`'s validation and free subnet/bridge choice.
 */
import fs from "node:fs";
import path from "node:path";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";
import { formatCidr, formatIp, parseCidr } from "../util/ip-math.ts";
import type { NetworkConfig } from "./network-types.ts";
import { hostInterfaceNames, hostSubnets } from "./host-interfaces.ts";
import { newNetworkConfig } from "./network-create.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";

export interface NetworkDefaults {
  configDir: string;
  defaultNetwork: string;
  defaultSubnet: string;
  subnetPools: { base: string; size: number }[];
}

export type NetworkCreateOptions = NetworkCreateRequest;

function goTime(d = new Date()): string {
  const frac = String(d.getMilliseconds()).padStart(3, "0") + String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  return `${d.toISOString().slice(0, 19)}.${frac.replace(/0+$/, "") || "0"}Z`;
}

export class NetworkStore {
  constructor(readonly defaults: NetworkDefaults) {}

  get dir(): string {
    return this.defaults.configDir;
  }

  /** The built-in default network (used unless `<default_network>.json` exists). */
  defaultNetwork(): NetworkConfig {
    const subnet = parseCidr(this.defaults.defaultSubnet);
    if (!subnet) throw new TspodError("config", `invalid default_subnet ${this.defaults.defaultSubnet}`);
    return {
      name: this.defaults.defaultNetwork,
      id: new Bun.CryptoHasher("sha256").update(this.defaults.defaultNetwork).digest("hex"),
      driver: "bridge",
      network_interface: "podman0",
      created: goTime(),
      subnets: [{ subnet: formatCidr(subnet), gateway: formatIp({ v: subnet.v, n: subnet.base + 1n }) }],
      ipv6_enabled: false,
      internal: false,
      dns_enabled: false,
      ipam_options: { driver: "host-local" },
    };
  }

  /** Every network sorted by name, byte order (Podman's `network ls` order). */
  list(): NetworkConfig[] {
    const out: NetworkConfig[] = [];
    let files: string[] = [];
    try {
      files = fs.readdirSync(this.dir).filter((f) => f.endsWith(".json")).sort();
    } catch {
      // no directory yet: only the default network
    }
    for (const f of files) {
      try {
        const n = JSON.parse(fs.readFileSync(path.join(this.dir, f), "utf8")) as NetworkConfig;
        if (n && typeof n.name === "string" && typeof n.id === "string") out.push(n);
      } catch {
        // Podman skips files it cannot parse (with a warning); so do we
      }
    }
    if (!out.some((n) => n.name === this.defaults.defaultNetwork)) out.unshift(this.defaultNetwork());
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** By exact name, full id or unique id prefix. */
  find(nameOrId: string): NetworkConfig | undefined {
    const all = this.list();
    const exact = all.find((n) => n.name === nameOrId || n.id === nameOrId);
    if (exact) return exact;
    const byPrefix = /^[0-9a-f]+$/.test(nameOrId) ? all.filter((n) => n.id.startsWith(nameOrId)) : [];
    if (byPrefix.length > 1) throw new TspodError("invalid_argument", `more than one result for network ID ${nameOrId}`);
    return byPrefix[0];
  }

  get(nameOrId: string): NetworkConfig {
    const n = this.find(nameOrId);
    if (!n) throw exactError("no_such_network", `unable to find network with name or ID ${nameOrId}: network not found`);
    return n;
  }

  /** Removes a network's file (the default network has none to remove unless it was written). */
  remove(name: string): void {
    if (name === this.defaults.defaultNetwork) throw exactError("invalid_argument", `default network ${name} cannot be removed`);
    fs.rmSync(path.join(this.dir, `${name}.json`), { force: true });
  }

  /** Validates and writes a new network (nothing is written when a check fails); the caller holds the network lock. */
  create(o: NetworkCreateOptions): NetworkConfig {
    const made = newNetworkConfig(o, {
      existing: this.list(),
      hostSubnets: hostSubnets(),
      hostInterfaces: hostInterfaceNames(),
      subnetPools: this.defaults.subnetPools,
      now: goTime(),
    });
    if ("existing" in made) return made.existing;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    atomicWriteFile(path.join(this.dir, `${made.name}.json`), JSON.stringify(made, null, "     ") + "\n");
    return made;
  }
}
