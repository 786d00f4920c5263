/**
 * The compat /secrets routes as Podman 4.3 serves them (Docker answers 503 without swarm): Docker's
 * swarm secret shape with the local file driver. Create answers 200 {"ID"} as Podman does.
 */
import type { ApiRequest } from "../api-request.ts";
import type { SecretInspect } from "../../define/volume-types.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qFilters } from "../api-params.ts";
import { Fields } from "./body-fields.ts";

/** Podman's limit on a secret's size. */
const MAX_SECRET = 512_000;

function dockerSecret(s: SecretInspect): Record<string, unknown> {
  return {
    ID: s.ID,
    CreatedAt: s.CreatedAt,
    UpdatedAt: s.UpdatedAt,
    Spec: { Name: s.Spec.Name, Driver: s.Spec.Driver, Labels: s.Spec.Labels ?? {} },
    Version: { Index: 1 },
  };
}

export async function list(r: ApiRequest): Promise<void> {
  const secrets = await r.engines.secrets.list(qFilters(r.query));
  r.reply.json(200, secrets.map(dockerSecret));
}

export async function inspect(r: ApiRequest): Promise<void> {
  r.reply.json(200, dockerSecret(await r.engines.secrets.inspect(r.params.id!, false)));
}

export async function create(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "swarm.SecretSpec").only(["Name", "Labels", "Data", "Driver", "Templating"]);
  const name = b.str("Name");
  if (!name) throw exactError("invalid_argument", "secret name is required (Name)");
  if (b.has("Templating")) throw exactError("invalid_argument", "secret templating is not supported");
  const data64 = b.str("Data") ?? "";
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data64) || data64.length % 4 !== 0) throw exactError("invalid_argument", "secret Data must be base64-encoded");
  const data = Buffer.from(data64, "base64");
  if (data.length === 0 || data.length >= MAX_SECRET) throw exactError("invalid_argument", `secret data must be larger than 0 and less than ${MAX_SECRET} bytes`);
  const driver = b.sub("Driver", "swarm.Driver").only(["Name", "Options"]);
  const id = await r.engines.secrets.create({
    name,
    data,
    driver: driver.str("Name") || undefined,
    driverOptions: Object.entries(driver.strMap("Options") ?? {}).map(([k, v]) => `${k}=${v}`),
    labels: Object.entries(b.strMap("Labels") ?? {}).map(([k, v]) => `${k}=${v}`),
    replace: false,
  });
  r.reply.json(200, { ID: id });
}

export async function remove(r: ApiRequest): Promise<void> {
  const [report] = await r.engines.secrets.remove([r.params.id!], { all: false, ignore: false });
  if (report?.error) throw report.error;
  r.reply.send(204);
}

export async function update(_r: ApiRequest): Promise<void> {
  throw exactError("not_implemented", "update is not supported");
}
