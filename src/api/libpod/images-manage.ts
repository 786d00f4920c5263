/** Podman's libpod image routes with their own shapes: tag, untag, remove, prune, push, import, load, export, search. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { JsonProgress } from "../compat/json-progress.ts";
import type { ArchiveFormat } from "../../domain/image-archive-engine.ts";

function repoTag(r: ApiRequest): string {
  const repo = r.query.get("repo");
  if (!repo) throw exactError("invalid_argument", "repo is required");
  const t = r.query.get("tag");
  return t ? `${repo}:${t}` : repo;
}

export async function tag(r: ApiRequest): Promise<void> {
  await r.engines.imageStore.tag(r.params.name!, [repoTag(r)]);
  r.reply.send(201, "");
}

/** Without repo, every name of the image is removed (`podman untag IMAGE`). */
export async function untag(r: ApiRequest): Promise<void> {
  await r.engines.imageStore.untag(r.params.name!, r.query.get("repo") ? [repoTag(r)] : []);
  r.reply.send(201, "");
}

async function removeImages(r: ApiRequest, names: string[]): Promise<void> {
  const all = qBool(r.query, "all");
  const lines = await r.engines.imageStore.remove(names, { force: qBool(r.query, "force"), all, ignore: qBool(r.query, "ignore") });
  const errors = lines.flatMap((l) => ("error" in l ? [l.error] : []));
  // one image asked for and it failed: the error is the answer (Podman's 404/409)
  if (errors.length > 0 && names.length === 1 && errors.length === lines.length) throw errors[0];
  const deleted = lines.flatMap((l) => ("deleted" in l ? [l.deleted] : []));
  const untagged = lines.flatMap((l) => ("untagged" in l ? [l.untagged] : []));
  // Podman leaves out empty lists (omitempty)
  r.reply.json(200, { ...(deleted.length ? { Deleted: deleted } : {}), ...(untagged.length ? { Untagged: untagged } : {}), ExitCode: errors.length ? 1 : 0, Errors: errors.map((e) => e.message) });
}

export const remove = (r: ApiRequest) => removeImages(r, [r.params.name!]);
export const removeMany = (r: ApiRequest) => removeImages(r, r.query.getAll("images").flatMap((x) => x.split(",")).filter(Boolean));

export async function prune(r: ApiRequest): Promise<void> {
  const ids = await r.engines.imageStore.prune({ all: qBool(r.query, "all"), filters: qFilters(r.query) });
  r.reply.json(200, ids.map((id) => ({ Id: id, Size: 0, Err: null })));
}

export async function push(r: ApiRequest): Promise<void> {
  const name = r.params.name!;
  await r.engines.imageStore.inspect(name);
  const user = r.query.get("username");
  const quiet = qBool(r.query, "quiet", true);
  const progress = new JsonProgress(r);
  await progress.run(() =>
    r.engines.registries.push(
      name,
      r.query.get("destination") || undefined,
      { quiet, creds: user ? `${user}:${r.query.get("password") ?? ""}` : undefined, tlsVerify: r.query.has("tlsVerify") ? qBool(r.query, "tlsVerify") : undefined },
      (line) => {
        if (!quiet) progress.send({ stream: line.endsWith("\n") ? line : `${line}\n` });
      },
      r.signal,
    ),
  );
  await progress.end();
}

/** POST /libpod/images/import?reference=&changes=&message=: the body is a root file system tarball. */
export async function importTar(r: ApiRequest): Promise<void> {
  const { id } = await r.engines.archives.import(
    "-",
    {
      changes: r.query.getAll("changes").flatMap((c) => c.split("\n")).filter(Boolean),
      message: r.query.get("message") || undefined,
      reference: r.query.get("reference") || undefined,
      stream: r.bodyStream(),
      quiet: true,
    },
    () => {},
    r.signal,
  );
  r.reply.json(200, { Id: id.replace(/^sha256:/, "") });
}

export async function load(r: ApiRequest): Promise<void> {
  const { names } = await r.engines.archives.load({ stream: r.bodyStream(), quiet: true }, () => {}, r.signal);
  r.reply.json(200, { Names: names });
}

const FORMATS: Record<string, ArchiveFormat> = { "docker-archive": "docker-archive", "oci-archive": "oci-archive" };

async function exportTar(r: ApiRequest, names: string[]): Promise<void> {
  if (names.length === 0) throw exactError("invalid_argument", "no images given (query parameter references)");
  const fmt = r.query.get("format") || "docker-archive";
  const format = FORMATS[fmt];
  if (!format) throw exactError("invalid_argument", `unknown format "${fmt}": only docker-archive and oci-archive can be streamed`);
  for (const n of names) await r.engines.imageStore.inspect(n);
  const out = r.reply.stream(200, "application/x-tar");
  let last: Promise<void> = Promise.resolve();
  await r.engines.archives.save(names, { format, multiImage: names.length > 1, quiet: true, write: (c) => (last = out.write(c)) }, () => {}, r.signal);
  await last;
  out.end();
}

/** GET /libpod/images/{name}/get and GET /libpod/images/export?references=…. */
export const exportOne = (r: ApiRequest) => exportTar(r, [r.params.name!]);
export const exportMany = (r: ApiRequest) => exportTar(r, r.query.getAll("references").flatMap((x) => x.split(",")).filter(Boolean));

export async function search(r: ApiRequest): Promise<void> {
  const term = r.query.get("term");
  if (!term) throw exactError("invalid_argument", "search term is required (query parameter term)");
  const results = await r.engines.registries.search(term, { limit: qInt(r.query, "limit"), listTags: qBool(r.query, "listTags"), filters: qFilters(r.query), tlsVerify: r.query.has("tlsVerify") ? qBool(r.query, "tlsVerify") : undefined }, r.signal);
  r.reply.json(200, results);
}

/** libpod's history: ids without the sha256: prefix (Docker's route adds it). */
export async function history(r: ApiRequest): Promise<void> {
  const h = await r.engines.imageStore.history(r.params.name!);
  r.reply.json(200, h.map((e) => ({ Id: e.id, Created: e.created, CreatedBy: e.CreatedBy, Tags: e.Tags, Size: e.size, Comment: e.Comment })));
}
