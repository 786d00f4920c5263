/**
 * Routes: METHOD + path pattern (`/containers/{id}/json`) → handler. Paths may carry a version
 * prefix (`/v1.41/…`, `/v4.3.1/…`); `/libpod/…` selects Podman's routes (registered with
 * addLibpod, often the compat handler itself where both APIs share a shape).
 */
import type { ApiRequest } from "./api-request.ts";

export type Handler = (r: ApiRequest) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

/** The path without its version prefix, and whether it was a libpod path. */
export function normalizePath(raw: string): { path: string; libpod: boolean; version?: string } {
  let path = raw;
  let version: string | undefined;
  const v = /^\/v(\d+(?:\.\d+){0,2})(?=\/)/.exec(path);
  if (v) {
    version = v[1];
    path = path.slice(v[0].length);
  }
  if (path.startsWith("/libpod/")) return { path: path.slice("/libpod".length), libpod: true, version };
  return { path, libpod: false, version };
}

function compile(pattern: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  // `{name*}` matches the rest of the path (image names contain slashes)
  const source = pattern.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)(\*?)\}/g, (_, key: string, rest: string) => {
    keys.push(key);
    return rest ? "(.+?)" : "([^/]+)";
  });
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

export class Router {
  private readonly compat: Route[] = [];
  private readonly libpod: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.compat.push({ method, ...compile(pattern), handler });
    return this;
  }

  addLibpod(method: string, pattern: string, handler: Handler): this {
    this.libpod.push({ method, ...compile(pattern), handler });
    return this;
  }

  /** undefined: no such path; "method": the path exists for other methods. */
  match(method: string, path: string, libpod: boolean): RouteMatch | "method" | undefined {
    const tables = libpod ? [this.libpod] : [this.compat];
    let pathKnown = false;
    for (const table of tables) {
      for (const r of table) {
        const m = r.pattern.exec(path);
        if (!m) continue;
        if (r.method !== method && !(method === "HEAD" && r.method === "GET")) {
          pathKnown = true;
          continue;
        }
        const params: Record<string, string> = {};
        r.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1]!);
        });
        return { handler: r.handler, params };
      }
    }
    return pathKnown ? "method" : undefined;
  }
}
