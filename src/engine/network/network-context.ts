/** The network parts of one Runtime: config store, IPAM and netavark, made on first use. */
import path from "node:path";
import type { EngineSettings } from "../../config/engine-settings.ts";
import { Ipam } from "../../network/ipam.ts";
import { Netavark } from "../../network/netavark.ts";
import { NetworkStore } from "../../network/network-store.ts";
import { netnsPath } from "../../network/netns.ts";

export class NetworkContext {
  private ipamDb?: Ipam;
  private netavarkBin?: Netavark;
  readonly store: NetworkStore;

  constructor(private readonly settings: EngineSettings) {
    this.store = new NetworkStore(settings.conf.network);
  }

  /** netavark's --config dir and the IPAM database: `<runroot>/networks`. */
  get runDir(): string {
    return path.join(this.settings.runroot, "networks");
  }

  get ipam(): Ipam {
    return (this.ipamDb ??= new Ipam(this.runDir));
  }

  get netavark(): Netavark {
    return (this.netavarkBin ??= new Netavark(this.runDir));
  }

  netnsPath(containerId: string): string {
    return netnsPath(this.settings.runroot, containerId);
  }
}
