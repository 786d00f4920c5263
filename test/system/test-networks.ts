// Per-test-file network settings: test files (and other tspod/Podman users on this machine) run
// at the same time, so each file gets its own network config dir whose default network `podman`
// uses a bridge name and /24 subnet of its own, instead of the host's podman0 / 10.88.0.0/16.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** IPv4 routes of the host as [network, prefix length], the network as a number. */
function hostRoutes(): [number, number][] {
  const out: [number, number][] = [];
  for (const line of readFileSync("/proc/net/route", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const le = (h: string) => Buffer.from(h, "hex").readUInt32LE(0);
    const mask = le(f[7]!);
    if (mask === 0) continue;
    let prefix = 0;
    for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) prefix++;
    out.push([le(f[1]!) >>> 0, prefix]);
  }
  return out;
}

/** A random 10.x.y.0/24 that no host route covers (10.88/16 and 10.89/16 are Podman's). */
export function freeTestSubnet(): { subnet: string; a: number; b: number } {
  const routes = hostRoutes();
  for (;;) {
    const a = 100 + Math.floor(Math.random() * 150);
    const b = Math.floor(Math.random() * 256);
    const net = ((10 << 24) | (a << 16) | (b << 8)) >>> 0;
    const clash = routes.some(([base, routePrefix]) => {
      const prefix = Math.min(24, routePrefix);
      const m = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
      return ((base & m) >>> 0) === ((net & m) >>> 0);
    });
    if (!clash) return { subnet: `10.${a}.${b}.0/24`, a, b };
  }
}

/** A bridge name no one else uses: `tsb` + 6 random hex digits. */
export function freeBridgeName(): string {
  return `tsb${randomBytes(3).toString("hex")}`;
}

export function writeTestNetworkConfig(tmp: string): { containersConf: string; defaultBridge: string; defaultSubnet: string } {
  const dir = join(tmp, "networks");
  mkdirSync(dir, { recursive: true });
  const { subnet, a, b } = freeTestSubnet();
  const bridge = freeBridgeName();
  const net = {
    name: "podman",
    // not Podman's sha256("podman"): netavark names firewall chains after the id
    id: randomBytes(32).toString("hex"),
    driver: "bridge",
    network_interface: bridge,
    created: new Date().toISOString(),
    subnets: [{ subnet, gateway: `10.${a}.${b}.1` }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: "host-local" },
  };
  writeFileSync(join(dir, "podman.json"), JSON.stringify(net, null, 5));
  const conf = join(tmp, "containers.conf");
  writeFileSync(conf, `[network]\nnetwork_config_dir = ${JSON.stringify(dir)}\n`);
  return { containersConf: conf, defaultBridge: bridge, defaultSubnet: subnet };
}

/** iptables rules (filter and nat) that still mention `subnet`: netavark leaves none after teardown. */
export function leftoverFirewallRules(subnet: string): string[] {
  const out: string[] = [];
  for (const table of ["filter", "nat"]) {
    const r = Bun.spawnSync({ cmd: ["iptables", "-t", table, "-S"], stdout: "pipe", stderr: "ignore" });
    for (const line of r.stdout.toString().split("\n")) if (line.includes(subnet)) out.push(`${table}: ${line}`);
  }
  return out;
}
