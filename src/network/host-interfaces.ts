/** The host's network interfaces and addresses, so new networks avoid them. */
import fs from "node:fs";
import { closeFd, ioctl, socketFd } from "../util/libc.ts";
import { parseCidr, type Cidr } from "../util/ip-math.ts";

export function hostInterfaceNames(): string[] {
  try {
    return fs.readdirSync("/sys/class/net");
  } catch {
    return [];
  }
}

/** The subnets of every address on the host's interfaces (loopback and link-local too), as Podman checks them (network create only). */
export function hostSubnets(): Cidr[] {
  // loaded here, not at the top: node:os stays off the container run path
  const os = require("node:os") as typeof import("node:os");
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
  let routeIfaces: string[] = [];
  try {
    const routes = fs.readFileSync("/proc/net/route", "utf8").split("\n").slice(1).map((l) => l.trim().split(/\s+/));
    // the default route's interface first
    routeIfaces = [...routes.filter((f) => f[1] === "00000000" && f[7] === "00000000"), ...routes].map((f) => f[0]!).filter(Boolean);
  } catch {
    // no routing table
  }
  // one ioctl per interface rather than os.networkInterfaces(), which dumps every address of
  // every interface (milliseconds on a host with many container veths)
  const fd = socketFd(AF_INET, SOCK_DGRAM);
  try {
    for (const name of [...new Set([...routeIfaces, ...hostInterfaceNames()])]) {
      const addr = interfaceIpv4(fd, name);
      if (addr && !addr.startsWith("127.")) return addr;
    }
  } finally {
    closeFd(fd);
  }
  return undefined;
}

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SIOCGIFADDR = 0x8915;
const IFNAMSIZ = 16;

/** The interface's primary IPv4 address (SIOCGIFADDR), or undefined when it has none. */
function interfaceIpv4(fd: number, name: string): string | undefined {
  const ifreq = new Uint8Array(40);
  const encoded = new TextEncoder().encode(name);
  if (encoded.length >= IFNAMSIZ) return undefined;
  ifreq.set(encoded);
  try {
    ioctl(fd, SIOCGIFADDR, ifreq);
  } catch {
    return undefined;
  }
  // struct sockaddr_in after the name: family (2 bytes), port (2), address (4)
  return Array.from(ifreq.subarray(20, 24)).join(".");
}
