/**
 * `images --filter` and `image prune --filter` (Podman's image filters): different keys must all
 * match; repeated values of one key match when any does (labels: all must match).
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { GraphNode, ImageGraph } from "./image-graph.ts";
import { parseReference } from "../image/reference.ts";

export type ImagePredicate = (n: GraphNode) => boolean;

/** Go's path.Match subset: `*` (not `/`), `?`, `[...]`. */
export function globMatch(pattern: string, s: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) throw new TspodError("invalid_argument", `syntax error in pattern ${JSON.stringify(pattern)}`);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith("^")) body = "!" + body.slice(1);
      re += "[" + (body.startsWith("!") ? "^" + body.slice(1) : body).replace(/\\/g, "\\\\") + "]";
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(re + "$").test(s);
}

/** Whether one image name (`host/repo:tag`) matches a reference filter value. */
export function referenceMatches(pattern: string, name: string): boolean {
  const colon = name.lastIndexOf(":");
  const repo = colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : "";
  const patHasTag = pattern.lastIndexOf(":") > pattern.lastIndexOf("/");
  const candidates: string[] = [];
  const parts = repo.split("/");
  for (let i = 0; i < parts.length; i++) candidates.push(parts.slice(i).join("/"));
  return candidates.some((c) => globMatch(pattern, patHasTag ? `${c}:${tag}` : c));
}

function parseTime(v: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const d = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(v) ?? /^((?:\d+h)?(?:\d+m)?(?:\d+s)?)$/.exec(v);
  if (d && d[2]) {
    const mult: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
    return now - Number(d[1]) * mult[d[2]]!;
  }
  if (d && d[1]) {
    const m = /(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?/.exec(v)!;
    return now - ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new TspodError("invalid_argument", `invalid time value ${JSON.stringify(v)}`);
  return t;
}

function created(n: GraphNode): number {
  return Date.parse(n.image.created);
}

export function buildImageFilter(filters: string[], graph: ImageGraph, lookup: (s: string) => GraphNode | undefined, now = Date.now()): ImagePredicate {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf("=");
    if (eq < 0) throw new TspodError("invalid_argument", `invalid filter ${JSON.stringify(f)} requires value`);
    const k = f.slice(0, eq);
    byKey.set(k, [...(byKey.get(k) ?? []), f.slice(eq + 1)]);
  }
  const preds: ImagePredicate[] = [];
  const boolOf = (k: string, v: string) => {
    if (v !== "true" && v !== "false") throw new TspodError("invalid_argument", `invalid ${k} filter value ${JSON.stringify(v)}`);
    return v === "true";
  };
  const imageOf = (v: string) => {
    const n = lookup(v);
    if (!n) throw new TspodError("no_such_image", v);
    return n;
  };
  for (const [key, values] of byKey) {
    switch (key) {
      case "dangling":
        preds.push((n) => values.some((v) => graph.isDangling(n) === boolOf(key, v)));
        break;
      case "intermediate":
        preds.push((n) => values.some((v) => graph.isIntermediate(n) === boolOf(key, v)));
        break;
      case "readonly":
        preds.push((_n) => values.some((v) => boolOf(key, v) === false));
        break;
      case "label":
      case "label!": {
        const want = key === "label";
        preds.push((n) => {
          const labels = n.config.config?.Labels ?? {};
          return values.every((v) => {
            const eq = v.indexOf("=");
            const has = eq < 0 ? v in labels : labels[v.slice(0, eq)] === v.slice(eq + 1);
            return has === want;
          });
        });
        break;
      }
      case "reference":
        preds.push((n) => values.some((v) => n.image.names.some((name) => referenceMatches(v, name)) || (v.includes("@") && n.image.digests.some((d) => d.endsWith(v.slice(v.indexOf("@")))))));
        break;
      case "id":
        preds.push((n) => values.some((v) => n.image.id.startsWith(v.replace(/^sha256:/, ""))));
        break;
      case "digest":
        preds.push((n) => values.some((v) => n.image.manifestDigest === v || n.image.digests.some((d) => d.endsWith("@" + v))));
        break;
      case "before": {
        const ts = values.map((v) => created(imageOf(v)));
        preds.push((n) => ts.some((t) => created(n) < t));
        break;
      }
      case "since": {
        const ts = values.map((v) => created(imageOf(v)));
        preds.push((n) => ts.some((t) => created(n) > t));
        break;
      }
      case "until": {
        const ts = values.map((v) => parseTime(v, now));
        preds.push((n) => ts.some((t) => created(n) < t));
        break;
      }
      case "containers":
        throw new TspodError("invalid_argument", `unsupported image filter ${JSON.stringify(key)}`);
      default:
        throw new TspodError("invalid_argument", `invalid filter ${JSON.stringify(key)}`);
    }
  }
  return (n) => preds.every((p) => p(n));
}

/** Validates a reference-like IMAGE argument of `images` (Podman filters by it). */
export function imageArgFilter(arg: string): string {
  parseReference(arg.replace(/[*?[\]]/g, "a"));
  return `reference=${arg}`;
}
