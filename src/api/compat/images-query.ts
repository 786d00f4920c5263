/** Docker's read-only image routes: json (list), {name}/json, history, search, get (tarballs). */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { dockerImageEntry, dockerImageInspect, dockerImageLookup } from "./image-views.ts";

export async function list(r: ApiRequest): Promise<void> {
  const filters = qFilters(r.query);
  const legacy = r.query.get("filter");
  if (legacy) filters.push(`reference=${legacy}`);
  const images = await r.engines.images.list({ all: qBool(r.query, "all"), filters });
  r.reply.json(200, r.libpod ? images : images.map(dockerImageEntry));
}

export async function inspect(r: ApiRequest): Promise<void> {
  if (r.libpod) return r.reply.json(200, await r.engines.imageStore.inspect(r.params.name!));
  r.reply.json(200, dockerImageInspect(await dockerImageLookup(r.params.name!, () => r.engines.imageStore.inspect(r.params.name!))));
}

export async function history(r: ApiRequest): Promise<void> {
  const h = await dockerImageLookup(r.params.name!, () => r.engines.imageStore.history(r.params.name!));
  r.reply.json(
    200,
    h.map((e) => ({ Id: e.id.length === 64 ? `sha256:${e.id}` : e.id, Created: e.created, CreatedBy: e.CreatedBy, Tags: e.Tags, Size: e.size, Comment: e.Comment })),
  );
}

export async function search(r: ApiRequest): Promise<void> {
  const term = r.query.get("term");
  if (!term) throw exactError("invalid_argument", "search term is required (query parameter term)");
  const results = await r.engines.registries.search(term, { limit: qInt(r.query, "limit"), listTags: false, filters: qFilters(r.query), tlsVerify: r.query.has("tlsVerify") ? qBool(r.query, "tlsVerify") : undefined }, r.signal);
  r.reply.json(
    200,
    results.map((s) => ({ name: s.Name, description: s.Description, star_count: s.Stars, is_official: s.Official === "[OK]", is_automated: s.Automated === "[OK]" })),
  );
}

async function saveTar(r: ApiRequest, names: string[]): Promise<void> {
  if (names.length === 0) throw exactError("invalid_argument", "no images given (query parameter names)");
  // every name must exist before the 200 goes out
  for (const n of names) await dockerImageLookup(n, () => r.engines.imageStore.inspect(n));
  const out = r.reply.stream(200, "application/x-tar");
  let last: Promise<void> = Promise.resolve();
  await r.engines.archives.save(names, { format: "docker-archive", multiImage: true, quiet: true, write: (c) => (last = out.write(c)) }, () => {}, r.signal);
  await last;
  out.end();
}

export const getOne = (r: ApiRequest) => saveTar(r, [r.params.name!]);
export const getMany = (r: ApiRequest) => saveTar(r, r.query.getAll("names"));
