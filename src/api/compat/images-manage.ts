/** Docker's image routes that change things: create (pull), push, tag, delete, prune, load, commit, auth. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters } from "../api-params.ts";
import { JsonProgress } from "./json-progress.ts";
import { Fields } from "./body-fields.ts";
import { dockerImageLookup } from "./image-views.ts";

/** X-Registry-Auth: base64url JSON {username, password, serveraddress}; returns `user:pass`. */
function registryAuth(r: ApiRequest): string | undefined {
  const raw = r.headers["x-registry-auth"];
  if (typeof raw !== "string" || raw === "") return undefined;
  try {
    const json = JSON.parse(Buffer.from(raw.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8")) as { username?: string; password?: string };
    return json.username ? `${json.username}:${json.password ?? ""}` : undefined;
  } catch {
    throw exactError("invalid_argument", "invalid X-Registry-Auth header: not base64-encoded JSON");
  }
}

function tlsVerify(r: ApiRequest): boolean | undefined {
  return r.query.has("tlsVerify") ? qBool(r.query, "tlsVerify") : undefined;
}

export async function create(r: ApiRequest): Promise<void> {
  const from = r.query.get("fromImage");
  if (!from) {
    if (r.query.get("fromSrc")) return importTarball(r);
    throw exactError("invalid_argument", "fromImage or fromSrc is required");
  }
  const tag = r.query.get("tag");
  const ref = tag ? (tag.startsWith("sha256:") ? `${from}@${tag}` : `${from}:${tag}`) : from;
  const progress = new JsonProgress(r);
  const result = await progress.run(() =>
    r.engines.images.pull(ref, { quiet: false, creds: registryAuth(r), tlsVerify: tlsVerify(r), allTags: !tag && r.query.has("tag") }, (line) => progress.send({ status: line.trimEnd() }), r.signal),
  );
  if (result) {
    progress.send({ status: `Digest: sha256:${result.id.replace(/^sha256:/, "")}` });
    progress.send({ status: `Status: Downloaded newer image for ${ref}` });
  }
  await progress.end();
}

/**
 * `fromSrc=-`: the body is a root file system tarball (`docker import`). A URL or path would make
 * the service fetch or read it on its host: not over the API.
 */
async function importTarball(r: ApiRequest): Promise<void> {
  if (r.query.get("fromSrc") !== "-") throw exactError("not_implemented", "importing from a URL (fromSrc) is not supported: send the tarball as the body with fromSrc=-");
  const repo = r.query.get("repo");
  const tag = r.query.get("tag");
  const progress = new JsonProgress(r);
  const result = await progress.run(() =>
    r.engines.archives.import(
      "-",
      {
        changes: r.query.getAll("changes").flatMap((c) => c.split("\n")).filter(Boolean),
        message: r.query.get("message") || undefined,
        platform: r.query.get("platform") || undefined,
        reference: repo ? (tag ? `${repo}:${tag}` : repo) : undefined,
        stream: r.bodyStream(),
        quiet: true,
      },
      () => {},
      r.signal,
    ),
  );
  if (result) progress.send({ status: `sha256:${result.id.replace(/^sha256:/, "")}` });
  await progress.end();
}

export async function push(r: ApiRequest): Promise<void> {
  const tag = r.query.get("tag");
  const name = tag ? `${r.params.name}:${tag}` : r.params.name!;
  await r.engines.imageStore.inspect(name);
  const progress = new JsonProgress(r);
  const result = await progress.run(() => r.engines.registries.push(name, undefined, { quiet: false, creds: registryAuth(r), tlsVerify: tlsVerify(r) }, (line) => progress.send({ status: line.trimEnd() }), r.signal));
  if (result) {
    progress.send({ status: `${tag ?? "latest"}: digest: ${result.digest}` });
    progress.send({ progressDetail: {}, aux: { Tag: tag ?? "latest", Digest: result.digest, Size: 0 } });
  }
  await progress.end();
}

export async function tag(r: ApiRequest): Promise<void> {
  const repo = r.query.get("repo");
  if (!repo) throw exactError("invalid_argument", "repo is required");
  const t = r.query.get("tag");
  await dockerImageLookup(r.params.name!, () => r.engines.imageStore.tag(r.params.name!, [t ? `${repo}:${t}` : repo]));
  r.reply.send(201, "");
}

export async function remove(r: ApiRequest): Promise<void> {
  const lines = await r.engines.imageStore.remove([r.params.name!], { force: qBool(r.query, "force"), all: false, ignore: false });
  const failed = lines.find((l): l is { error: Error } => "error" in l);
  if (failed) await dockerImageLookup(r.params.name!, () => Promise.reject(failed.error));
  r.reply.json(200, lines.map((l) => ("untagged" in l ? { Untagged: l.untagged } : { Deleted: (l as { deleted: string }).deleted })));
}

export async function prune(r: ApiRequest): Promise<void> {
  const filters = qFilters(r.query);
  const all = filters.includes("dangling=false") || filters.includes("dangling=0");
  const ids = await r.engines.imageStore.prune({ all, filters: filters.filter((f) => !f.startsWith("dangling=")) });
  r.reply.json(200, { ImagesDeleted: ids.length ? ids.map((id) => ({ Deleted: `sha256:${id}` })) : null, SpaceReclaimed: 0 });
}

export async function load(r: ApiRequest): Promise<void> {
  // quiet only drops progress (there is none): the loaded names are always reported, as Docker does
  qBool(r.query, "quiet");
  const progress = new JsonProgress(r);
  const result = await progress.run(() => r.engines.archives.load({ stream: r.bodyStream(), quiet: true }, () => {}, r.signal));
  if (result) for (const n of result.names) progress.send({ stream: `Loaded image: ${n}\n` });
  await progress.end();
}

export async function commit(r: ApiRequest): Promise<void> {
  const container = r.query.get("container");
  if (!container) throw exactError("invalid_argument", "container is required");
  const repo = r.query.get("repo") ?? "";
  const t = r.query.get("tag");
  const { id } = await r.engines.containerFs.commit(container, {
    image: repo ? (t ? `${repo}:${t}` : repo) : "",
    author: r.query.get("author") || undefined,
    message: r.query.get("comment") || undefined,
    changes: r.query.getAll("changes").flatMap((c) => c.split("\n")).filter(Boolean),
    pause: qBool(r.query, "pause", true),
    squash: false,
    format: "docker",
    includeVolumes: false,
  });
  r.reply.json(201, { Id: id.startsWith("sha256:") ? id : `sha256:${id}` });
}

/** POST /auth: checks the credentials against the registry; nothing is stored (as Docker's daemon). */
export async function auth(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.AuthConfig");
  const server = (b.str("serveraddress") ?? "").replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (!server) throw exactError("invalid_argument", "serveraddress is required");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-auth-"));
  try {
    await r.engines.registries.login(server, { username: b.str("username"), password: b.str("password"), authfile: path.join(dir, "auth.json") }, r.signal);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  r.reply.json(200, { Status: "Login Succeeded", IdentityToken: "" });
}
