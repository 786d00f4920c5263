/**
 * `ps --filter` (Podman's container filters): values of one key match when any does (labels:
 * all must match), different keys must all match. Parsed once, then applied to stored records.
 */
import { TspodError } from "../../errors/tspod-error.ts";
import type { ContainerRecord } from "./container-record.ts";
import { userMounts } from "./container-inspect-parts.ts";

export type ContainerPredicate = (rec: ContainerRecord) => boolean;

/** Resolves a container name or id for before=/since= (throws Podman's "no such container"). */
export type ContainerResolver = (nameOrId: string) => ContainerRecord;

const STATES = ["created", "running", "paused", "stopped", "exited", "unknown", "configured", "removing", "stopping"];
const KEYS = ["ancestor", "before", "exited", "health", "id", "label", "name", "network", "pod", "restart-policy", "since", "status", "until", "volume"];

/** An invalid-argument error whose text is exactly Podman's (no ": invalid argument" suffix). */
function plainError(message: string): TspodError {
  const err = new TspodError("invalid_argument", message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}

function psState(rec: ContainerRecord): string {
  return rec.state.status === "configured" ? "created" : rec.state.status;
}

function regex(v: string): RegExp {
  try {
    return new RegExp(v);
  } catch {
    throw new TspodError("invalid_argument", `invalid regular expression ${JSON.stringify(v)}`);
  }
}

function imageMatches(rec: ContainerRecord, v: string): boolean {
  const { imageId, imageName } = rec.config;
  if (imageId === v || imageName === v) return true;
  const colon = imageName.lastIndexOf(":");
  const repo = colon > imageName.lastIndexOf("/") ? imageName.slice(0, colon) : imageName;
  return repo === v;
}

/** The healthcheck status of a container, or undefined without one (Podman matches none then). */
export type HealthReader = (rec: ContainerRecord) => string | undefined;

function createdMs(rec: ContainerRecord): number {
  return Date.parse(rec.config.created);
}

/** One key's predicate for one value. */
function predicateFor(key: string, value: string, resolve: ContainerResolver, healthOf: HealthReader): ContainerPredicate {
  switch (key) {
    case "id": {
      const re = regex(value);
      return (r) => re.test(r.config.id);
    }
    case "name": {
      const re = regex(value);
      return (r) => re.test(r.config.name);
    }
    case "status":
      if (!STATES.includes(value)) throw new TspodError("invalid_argument", `unknown container state: ${value}`);
      return (r) => psState(r) === value || (value === "stopped" && psState(r) === "exited");
    case "label": {
      const eq = value.indexOf("=");
      const k = eq < 0 ? value : value.slice(0, eq);
      const v = eq < 0 ? undefined : value.slice(eq + 1);
      return (r) => k in r.config.labels && (v === undefined || r.config.labels[k] === v);
    }
    case "ancestor":
      return (r) => imageMatches(r, value);
    case "exited": {
      if (!/^-?\d+$/.test(value)) throw new TspodError("invalid_argument", `exited code out of range ${JSON.stringify(value)}`);
      const code = Number(value);
      return (r) => (r.state.status === "exited" || r.state.status === "stopped") && r.state.exitCode === code;
    }
    case "before": {
      const t = createdMs(resolve(value));
      return (r) => createdMs(r) < t;
    }
    case "since": {
      const t = createdMs(resolve(value));
      return (r) => createdMs(r) > t;
    }
    case "until": {
      const t = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
      if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid time value ${JSON.stringify(value)}`);
      return (r) => createdMs(r) < t;
    }
    case "health":
      return (r) => healthOf(r) === value;
    case "restart-policy":
      return (r) => ((r.config as { restartPolicy?: string }).restartPolicy || "no") === value;
    case "network":
      return (r) => {
        const nets = (r.config as { networks?: string[] }).networks ?? (r.config.networkMode === "bridge" ? ["podman"] : []);
        return nets.includes(value) || r.config.networkMode === value;
      };
    case "volume":
      // Podman matches the mount's source (a volume name or host path), or "source:destination".
      return (r) =>
        userMounts(r).some((m) => m.source === value || `${m.source}:${m.destination}` === value) ||
        (r.config.mounts ?? []).some((m) => m.name === value || m.destination === value || `${m.name}:${m.destination}` === value);
    case "pod":
      return (r) => {
        const pod = (r.config as { pod?: string }).pod;
        return !!pod && (pod === value || pod.startsWith(value));
      };
    default:
      throw plainError(`${key} is an invalid filter`);
  }
}

/** Parses `key=value` filters; an unknown key or bad value throws Podman's error. */
export function containerFilter(filters: string[], resolve: ContainerResolver, healthOf: HealthReader = () => undefined): ContainerPredicate {
  const byKey = new Map<string, ContainerPredicate[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq < 0) throw plainError(`invalid filter ${JSON.stringify(f)}`);
    const key = f.slice(0, eq);
    if (!KEYS.includes(key)) throw plainError(`${key} is an invalid filter`);
    const list = byKey.get(key) ?? [];
    list.push(predicateFor(key, f.slice(eq + 1), resolve, healthOf));
    byKey.set(key, list);
  }
  const groups = [...byKey.entries()].map(([key, preds]): ContainerPredicate =>
    key === "label" ? (r) => preds.every((p) => p(r)) : (r) => preds.some((p) => p(r)),
  );
  return (rec) => groups.every((g) => g(rec));
}
