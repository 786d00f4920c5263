/** The caller's capability bounding set, read from /proc/self/status (CapBnd), as capability names. */
import fs from "node:fs";
import { ALL_CAPABILITIES } from "../spec/capabilities.ts";

/** ALL_CAPABILITIES is in the kernel's bit order, so bit i of the mask names ALL_CAPABILITIES[i]. */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

export function readHostCapabilities(): string[] | undefined {
  try {
    const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? capabilitiesFromMask(m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
