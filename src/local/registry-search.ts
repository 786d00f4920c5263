/**
 * `search` against registries' `/v2/_catalog` (names containing the term) and `/v2/<repo>/tags/list`
 * (`--list-tags`). A term `host/text` searches that registry; a bare term searches every
 * unqualified-search registry.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { SearchOptions, SearchResult } from "../domain/registry-engine.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";
import type { RegistryOpsClient } from "../image/registry-ops-client.ts";

const DEFAULT_LIMIT = 25;

function splitTerm(term: string): { host?: string; text: string } {
  const t = term.replace(/^docker:\/\//, "");
  const slash = t.indexOf("/");
  if (slash > 0) {
    const first = t.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") return { host: first, text: t.slice(slash + 1) };
  }
  return { text: t };
}

function row(host: string, name: string, tag = ""): SearchResult {
  return { Index: host, Name: `${host}/${name}`, Description: "", Stars: 0, Official: "", Automated: "", Tag: tag };
}

function applyFilters(rows: SearchResult[], filters: string[]): SearchResult[] {
  let out = rows;
  for (const f of filters) {
    const [key, value = ""] = f.split("=", 2) as [string, string?];
    if (key === "stars") {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new TspodError("invalid_argument", `incorrect value type for stars filter: ${value}`);
      out = out.filter((r) => r.Stars >= n);
    } else if (key === "is-official" || key === "is-automated") {
      if (value !== "true" && value !== "false") throw new TspodError("invalid_argument", `invalid filter value ${JSON.stringify(value)} for ${key}`);
      const field = key === "is-official" ? "Official" : "Automated";
      out = out.filter((r) => (r[field] === "[OK]") === (value === "true"));
    } else {
      throw new TspodError("invalid_argument", `invalid filter type ${JSON.stringify(key)}`);
    }
  }
  return out;
}

export async function searchRegistries(
  term: string,
  opts: SearchOptions,
  conf: RegistriesConf,
  client: (host: string) => RegistryOpsClient,
  signal?: AbortSignal,
): Promise<SearchResult[]> {
  const { host, text } = splitTerm(term);
  const hosts = host ? [host] : conf.unqualifiedSearchRegistries;
  if (hosts.length === 0) throw new TspodError("invalid_argument", "no registries to search: give a registry in the term or set unqualified-search-registries in registries.conf");
  const limit = opts.limit && opts.limit > 0 ? opts.limit : DEFAULT_LIMIT;
  const results: SearchResult[] = [];
  const errors: string[] = [];
  for (const h of hosts) {
    try {
      const c = client(h);
      let rows: SearchResult[];
      if (opts.listTags) {
        if (!text) throw new TspodError("invalid_argument", "a repository name is needed to list tags");
        const repo = text.split(":")[0]!;
        rows = (await c.listTags(repo, signal)).map((t) => row(h, repo, t));
      } else {
        const needle = text.toLowerCase();
        rows = (await c.catalog(signal)).filter((r) => r.toLowerCase().includes(needle)).map((r) => row(h, r));
      }
      results.push(...applyFilters(rows, opts.filters).slice(0, limit));
    } catch (err) {
      if (err instanceof TspodError && err.code === "invalid_argument") throw err;
      if (host) throw err;
      errors.push(`${h}: ${(err as Error).message}`);
    }
  }
  if (results.length === 0 && errors.length) throw new TspodError("registry", `searching: ${errors.join("; ")}`);
  return results;
}
