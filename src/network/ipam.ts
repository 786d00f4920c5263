/**
 * IP address management for netavark (which leaves it to the engine): `<run dir>/ipam.json` maps
 * network → address → container id. Every change happens under an flock on `ipam.lock`, so
 * concurrent tspod processes never hand out one address twice. The file lives in the run root:
 * like Podman's ipam.db, allocations last until reboot or teardown.
 */
import fs from "node:fs";
import path from "node:path";
import { exactError } from "../errors/tspod-error.ts";
import { flock, LOCK_EX, LOCK_UN } from "../util/libc.ts";
import { cidrContains, cidrLast, formatIp, parseCidr, parseIp, type IpAddr } from "../util/ip-math.ts";
import type { NetworkConfig, NetworkSubnet } from "./network-types.ts";

type IpamDb = Record<string, Record<string, string>>;

export interface IpRequest {
  network: NetworkConfig;
  /** `--ip`/`ip=`: wanted addresses (at most one per subnet family). */
  staticIps: string[];
}

export class Ipam {
  private readonly file: string;
  private readonly lock: string;

  constructor(runDir: string) {
    fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
    this.file = path.join(runDir, "ipam.json");
    this.lock = path.join(runDir, "ipam.lock");
  }

  /** Runs `fn` on the database under the cross-process lock, saving what it changed. Short and synchronous. */
  private locked<T>(fn: (db: IpamDb) => T): T {
    const fd = fs.openSync(this.lock, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    try {
      flock(fd, LOCK_EX);
      let db: IpamDb = {};
      try {
        db = JSON.parse(fs.readFileSync(this.file, "utf8")) as IpamDb;
      } catch {
        // first allocation, or a file cut short by a crash: start empty
      }
      const before = JSON.stringify(db);
      const out = fn(db);
      const after = JSON.stringify(db);
      if (after !== before) {
        const tmp = `${this.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, after);
        fs.renameSync(tmp, this.file);
      }
      return out;
    } finally {
      try {
        flock(fd, LOCK_UN);
      } finally {
        fs.closeSync(fd);
      }
    }
  }

  /** Addresses held by a container, per network name. */
  allocationsOf(containerId: string): Record<string, string[]> {
    return this.locked((db) => holdings(db, containerId));
  }

  /**
   * Gives a container one address per subnet of each network (keeping those it already holds).
   * Returns the addresses per network name.
   */
  allocate(containerId: string, requests: IpRequest[]): Record<string, string[]> {
    return this.locked((db) => {
      const out: Record<string, string[]> = {};
      for (const { network, staticIps } of requests) {
        const table = (db[network.name] ??= {});
        const mine = Object.keys(table).filter((ip) => table[ip] === containerId);
        const got: string[] = [];
        for (const subnet of network.subnets ?? []) {
          const c = parseCidr(subnet.subnet);
          if (!c) continue;
          const wanted = staticIps.map((s) => parseIp(s)).find((ip): ip is IpAddr => !!ip && cidrContains(c, ip));
          const held = mine.find((ip) => cidrContains(c, parseIp(ip)!));
          if (wanted) {
            const text = formatIp(wanted);
            if (held && held !== text) delete table[held];
            const owner = table[text];
            if (owner && owner !== containerId) {
              throw exactError("invalid_argument", `IPAM error: requested ip address ${text} is already allocated to container ID ${owner}`);
            }
            table[text] = containerId;
            got.push(text);
          } else if (held) {
            got.push(held);
          } else {
            const ip = freeAddress(subnet, table);
            table[ip] = containerId;
            got.push(ip);
          }
        }
        for (const s of staticIps) {
          const ip = parseIp(s);
          if (ip && !got.includes(formatIp(ip))) {
            throw exactError("invalid_argument", `requested static ip ${s} not in any subnet on network ${network.name}`);
          }
        }
        out[network.name] = got;
      }
      return out;
    });
  }

  /** Frees a container's addresses (on the given networks, or everywhere). */
  release(containerId: string, networks?: string[]): void {
    this.locked((db) => {
      for (const [name, table] of Object.entries(db)) {
        if (networks && !networks.includes(name)) continue;
        for (const ip of Object.keys(table)) if (table[ip] === containerId) delete table[ip];
        if (Object.keys(table).length === 0) delete db[name];
      }
    });
  }

  /** Every allocation (for leak checks and `network rm`). */
  all(): IpamDb {
    return this.locked((db) => structuredClone(db));
  }
}

function holdings(db: IpamDb, containerId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(db)) {
    const ips = Object.keys(table).filter((ip) => table[ip] === containerId);
    if (ips.length) out[name] = ips;
  }
  return out;
}

/** The first address of the lease range (default: the whole subnet) that is not the gateway or taken. */
function freeAddress(subnet: NetworkSubnet, table: Record<string, string>): string {
  const c = parseCidr(subnet.subnet)!;
  const gateway = subnet.gateway ? parseIp(subnet.gateway)?.n : undefined;
  const start = subnet.lease_range?.start_ip ? parseIp(subnet.lease_range.start_ip)!.n : c.base + 1n;
  let end = subnet.lease_range?.end_ip ? parseIp(subnet.lease_range.end_ip)!.n : cidrLast(c);
  if (c.v === 4 && end === cidrLast(c)) end -= 1n; // the broadcast address
  const limit = c.v === 6 && end - start > 1_000_000n ? start + 1_000_000n : end;
  for (let n = start; n <= limit; n++) {
    if (n === gateway || n === c.base) continue;
    const text = formatIp({ v: c.v, n });
    if (!table[text]) return text;
  }
  throw exactError("invalid_argument", `IPAM error: failed to find free IP in range: ${subnet.subnet}`);
}
