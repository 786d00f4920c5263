/** The host's network interfaces and IPv4 routes (from /sys and /proc), so new networks avoid them. */
import fs from "node:fs";
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
