/**
 * `volume ls --filter` and `volume prune --filter` (Podman's volume filters): name, label,
 * label!, driver, scope, opt, dangling, until. Values of one key match when any does (labels:
 * all must), and different keys must all match.
 */
import { exactError } from "../../errors/tspod-error.ts";
import { parseEventTime } from "../../util/event-time.ts";
import type { VolumeRecord } from "./volume-record.ts";

export type VolumePredicate = (v: VolumeRecord, inUse: boolean) => boolean;

const LS_KEYS = ["name", "label", "label!", "driver", "scope", "opt", "dangling", "until"];
const PRUNE_KEYS = ["label", "label!", "until"];

function labelMatch(labels: Record<string, string>, value: string): boolean {
  const eq = value.indexOf("=");
  const k = eq < 0 ? value : value.slice(0, eq);
  return k in labels && (eq < 0 || labels[k] === value.slice(eq + 1));
}

function one(key: string, value: string): VolumePredicate {
  switch (key) {
    case "name":
      return (v) => v.name === value || (() => {
        try {
          return new RegExp(value).test(v.name);
        } catch {
          return v.name.includes(value);
        }
      })();
    case "label":
      return (v) => labelMatch(v.labels, value);
    case "label!":
      return (v) => !labelMatch(v.labels, value);
    case "driver":
      return (v) => v.driver === value;
    case "scope":
      return () => value === "local";
    case "opt":
      return (v) => labelMatch(v.options, value);
    case "dangling": {
      if (value !== "true" && value !== "false" && value !== "1" && value !== "0") {
        throw exactError("invalid_argument", `failed to parse dangling filter value ${JSON.stringify(value)}`);
      }
      const want = value === "true" || value === "1";
      return (_v, inUse) => inUse !== want;
    }
    case "until": {
      const t = parseEventTime(value);
      return (v) => Date.parse(v.createdAt) < t;
    }
    default:
      throw exactError("invalid_argument", `${key} is an invalid volume filter`);
  }
}

/** Builds one predicate from `key=value` filters; `prune` allows fewer keys. */
export function volumeFilter(filters: string[], forPrune = false): VolumePredicate {
  const keys = forPrune ? PRUNE_KEYS : LS_KEYS;
  const byKey = new Map<string, VolumePredicate[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", `invalid filter ${JSON.stringify(f)}: must be KEY=VALUE`);
    const key = f.slice(0, eq);
    if (!keys.includes(key)) throw exactError("invalid_argument", `${key} is an invalid volume filter`);
    byKey.set(key, [...(byKey.get(key) ?? []), one(key, f.slice(eq + 1))]);
  }
  const groups = [...byKey.entries()].map(([key, preds]): VolumePredicate =>
    key === "label" || key === "label!" ? (v, u) => preds.every((p) => p(v, u)) : (v, u) => preds.some((p) => p(v, u)),
  );
  return (v, inUse) => groups.every((g) => g(v, inUse));
}
