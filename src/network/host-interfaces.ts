/** The host's network interfaces and addresses, so new networks avoid them. */
import fs from "node:fs";
import os from "node:os";
import { parseCidr, type Cidr } from "./ip-math.ts";

export function hostInterfaceNames(): string[] {
  try {
    return fs.readdirSync("/sys/class/net");
  } catch {
    return [];
  }
}

/** The subnets of every address on the host's interfaces (loopback and link-local too), as Podman checks them. */
export function hostSubnets(): Cidr[] {
  const out: Cidr[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      const c = a.cidr ? parseCidr(a.cidr.replace(/%[^/]*/, "")) : undefined;
      if (c) out.push(c);
    }
  }
  return out;
}

/** The host's IPv4 address on the interface of its default route (else its first non-loopback one). */
export function hostAddress(): string | undefined {
  let iface: string | undefined;
  try {
    for (const line of fs.readFileSync("/proc/net/route", "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1] === "00000000" && f[7] === "00000000") {
        iface = f[0];
        break;
      }
    }
  } catch {
    // no routing table
  }
  const all = os.networkInterfaces();
  const v4 = (name: string) => (all[name] ?? []).find((a) => a.family === "IPv4" && !a.internal)?.address;
  if (iface && v4(iface)) return v4(iface);
  for (const name of Object.keys(all)) if (v4(name)) return v4(name);
  return undefined;
}
