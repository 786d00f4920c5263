/**
 * `pod ps --filter`: id, name, label, status, ctr-names, ctr-ids, ctr-status, ctr-number,
 * network, until. Values of one key are alternatives; different keys must all match (Podman).
 */
import { exactError } from "../../errors/tspod-error.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { wireStatus } from "../container/container-view.ts";
import type { PodConfig } from "./pod-record.ts";
import { podStatus } from "./pod-status.ts";

type Test = (pod: PodConfig, members: ContainerRecord[]) => boolean;

function regexMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return value.includes(pattern);
  }
}

function labelMatch(labels: Record<string, string>, want: string): boolean {
  const eq = want.indexOf("=");
  if (eq < 0) return want in labels;
  return labels[want.slice(0, eq)] === want.slice(eq + 1);
}

function test(key: string, value: string): Test {
  switch (key) {
    case "id":
      return (p) => p.id.startsWith(value) || regexMatch(value, p.id);
    case "name":
      return (p) => regexMatch(value, p.name);
    case "label":
      return (p) => labelMatch(p.labels, value);
    case "status":
      return (p, m) => podStatus(m.map((r) => r.state.status)).toLowerCase() === value.toLowerCase();
    case "ctr-names":
      return (_p, m) => m.some((r) => regexMatch(value, r.config.name));
    case "ctr-ids":
      return (_p, m) => m.some((r) => r.config.id.startsWith(value));
    case "ctr-status":
      return (_p, m) => m.some((r) => wireStatus(r.state.status) === value);
    case "ctr-number": {
      const n = Number(value);
      if (!Number.isInteger(n)) throw exactError("invalid_argument", `strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
      return (_p, m) => m.length === n;
    }
    case "network":
      return (p) => p.network.network === value;
    case "until": {
      const t = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
      if (Number.isNaN(t)) throw exactError("invalid_argument", `invalid until filter value ${JSON.stringify(value)}`);
      return (p) => Date.parse(p.created) < t;
    }
    default:
      throw exactError("invalid_argument", `${key} is an invalid filter`);
  }
}

export function podFilter(filters: string[]): Test {
  const byKey = new Map<string, Test[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", `invalid filter ${JSON.stringify(f)}`);
    const key = f.slice(0, eq);
    byKey.set(key, [...(byKey.get(key) ?? []), test(key, f.slice(eq + 1))]);
  }
  return (pod, members) => [...byKey.values()].every((alts) => alts.some((t) => t(pod, members)));
}
