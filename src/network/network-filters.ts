/** `network ls --filter` / `network prune --filter`: name, id, driver, label, dangling, until. */
import { exactError } from "../errors/tspod-error.ts";
import type { NetworkConfig } from "./network-types.ts";

export type NetworkPredicate = (n: NetworkConfig, inUse: boolean) => boolean;

function labelMatch(labels: Record<string, string> | undefined, want: string): boolean {
  const eq = want.indexOf("=");
  const key = eq < 0 ? want : want.slice(0, eq);
  if (!labels || !(key in labels)) return false;
  return eq < 0 || labels[key] === want.slice(eq + 1);
}

/** Values of one key are ORed, different keys ANDed (Podman's rule). */
export function networkFilter(filters: string[], untilMs: (v: string) => number): NetworkPredicate {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", `filter must be in the form of filter=value: ${f}`);
    const key = f.slice(0, eq);
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1)]);
  }
  const tests: NetworkPredicate[] = [];
  for (const [key, values] of byKey) {
    switch (key) {
      case "name":
        tests.push((n) => values.some((v) => new RegExp(v).test(n.name)));
        break;
      case "id":
        tests.push((n) => values.some((v) => n.id.startsWith(v)));
        break;
      case "driver":
        tests.push((n) => values.includes(n.driver));
        break;
      case "label":
        tests.push((n) => values.every((v) => labelMatch(n.labels, v)));
        break;
      case "label!":
        tests.push((n) => values.every((v) => !labelMatch(n.labels, v)));
        break;
      case "dangling":
        tests.push((_n, inUse) => values.some((v) => (v === "true" || v === "1" ? !inUse : inUse)));
        break;
      case "until":
        tests.push((n) => values.every((v) => Date.parse(n.created) < untilMs(v)));
        break;
      default:
        throw exactError("invalid_argument", `invalid filter ${JSON.stringify(key)}`);
    }
  }
  return (n, inUse) => tests.every((t) => t(n, inUse));
}
