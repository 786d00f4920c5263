/**
 * `--filter` for commands that act on sets of containers (start, stop, prune, …): id, name,
 * label, status and until, with Podman's rules — values of one key are ORed, keys are ANDed.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { ContainerRecord } from "../engine/container/container-record.ts";
import { podmanStateName } from "../engine/container/container-stop.ts";

function parseUntil(value: string, now: number): number {
  const rel = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (rel) {
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[rel[2] as "s"];
    return now - Number(rel[1]) * unit;
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid filter value for until: ${value}`);
  return t;
}

export function containerFilter(filters: string[], allowed: string[], now = Date.now()): (rec: ContainerRecord) => boolean {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw new TspodError("invalid_argument", `invalid filter "${f}", should be of the form key=value`);
    const key = f.slice(0, eq);
    if (!allowed.includes(key)) throw new TspodError("invalid_argument", `${key} is an invalid filter`);
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1)]);
  }
  const tests = [...byKey].map(([key, values]) => (rec: ContainerRecord) => values.some((v) => matches(key, v, rec, now)));
  return (rec) => tests.every((t) => t(rec));
}

function matches(key: string, value: string, rec: ContainerRecord, now: number): boolean {
  const { config, state } = rec;
  switch (key) {
    case "id":
      return config.id.startsWith(value);
    case "name":
      return new RegExp(value).test(config.name);
    case "label": {
      const eq = value.indexOf("=");
      return eq < 0 ? value in config.labels : config.labels[value.slice(0, eq)] === value.slice(eq + 1);
    }
    case "label!": {
      const eq = value.indexOf("=");
      return eq < 0 ? !(value in config.labels) : config.labels[value.slice(0, eq)] !== value.slice(eq + 1);
    }
    case "status":
      return podmanStateName(state.status) === value || (value === "created" && state.status === "configured");
    case "until":
      return Date.parse(config.created) < parseUntil(value, now);
    default:
      return false;
  }
}
