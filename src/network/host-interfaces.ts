/** The host's network interfaces and IPv4 routes (from /sys and /proc), so new networks avoid them. */
import fs from "node:fs";
import os from "node:os";
import type { Cidr } from "./ip-math.ts";

export function hostInterfaceNames(): string[] {
  try {
    return fs.readdirSync("/sys/class/net");
  } catch {
    return [];
  }
}

function hexLe32(h: string): bigint {
  const n = BigInt(`0x${h}`);
  return ((n & 0xffn) << 24n) | (((n >> 8n) & 0xffn) << 16n) | (((n >> 16n) & 0xffn) << 8n) | ((n >> 24n) & 0xffn);
}

/** IPv4 routes other than the default route (/proc/net/route). */
export function hostRoutes(): Cidr[] {
  let text = "";
  try {
    text = fs.readFileSync("/proc/net/route", "utf8");
  } catch {
    return [];
  }
  const out: Cidr[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const mask = hexLe32(f[7]!);
    if (mask === 0n) continue;
    let prefix = 0;
    for (let m = mask; m & 0x80000000n; m = (m << 1n) & 0xffffffffn) prefix++;
    out.push({ v: 4, base: hexLe32(f[1]!) & mask, prefix });
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
