/** Podman's /libpod/secrets routes: create (the body is the secret), json, {name}/json, {name}/exists, DELETE. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters } from "../api-params.ts";

/** Secrets are small (Podman's limit is 512 KiB). */
const MAX_SECRET = 512 * 1024;

/** `labels` and `driveropts` come as JSON maps in the query. */
function queryMap(r: ApiRequest, name: string): string[] {
  const raw = r.query.get(name);
  if (!raw) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw exactError("invalid_argument", `invalid ${name} ${JSON.stringify(raw)}: not JSON`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw exactError("invalid_argument", `invalid ${name} ${JSON.stringify(raw)}: expected an object`);
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${String(x)}`);
}

export async function create(r: ApiRequest): Promise<void> {
  const name = r.query.get("name");
  if (!name) throw exactError("invalid_argument", "secret name must be set");
  const id = await r.engines.secrets.create({
    name,
    data: new Uint8Array(await r.body(MAX_SECRET)),
    driver: r.query.get("driver") || undefined,
    driverOptions: queryMap(r, "driveropts"),
    labels: queryMap(r, "labels"),
    replace: false,
  });
  r.reply.json(200, { ID: id });
}

export async function list(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.secrets.list(qFilters(r.query)));
}

export async function inspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, await r.engines.secrets.inspect(r.params.name!, qBool(r.query, "showsecret")));
}

export async function exists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.secrets.exists(r.params.name!))) throw exactError("no_such_secret", `no secret with name or id "${r.params.name}": no such secret`);
  r.reply.send(204);
}

export async function remove(r: ApiRequest): Promise<void> {
  const all = qBool(r.query, "all");
  const reports = await r.engines.secrets.remove(all ? [] : [r.params.name!], { all, ignore: false });
  const failed = reports.find((x) => x.error);
  if (failed) throw failed.error;
  r.reply.send(204);
}
