/** SecretEngine over the local secret store (Podman's abi for secrets, file driver). */
import { randomHexId } from "../util/random-id.ts";
import type { SecretCreateOptions, SecretEngine, SecretRemoveReport } from "../domain/secret-engine.ts";
import type { SecretInspect } from "../define/volume-types.ts";
import type { Runtime } from "../engine/runtime.ts";
import { noSuchSecret, type SecretRecord } from "../engine/secret/secret-db.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { eventTimeNow } from "../engine/events/event.ts";
import path from "node:path";

const SECRET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_SECRET_SIZE = 512_000;

function keyValues(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq < 0) out[e] = "";
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

function view(rt: Runtime, s: SecretRecord, showSecret: boolean): SecretInspect {
  return {
    ID: s.id,
    CreatedAt: s.createdAt,
    UpdatedAt: s.updatedAt,
    Spec: {
      Name: s.name,
      Driver: { Name: s.driver, Options: s.driverOptions },
      Labels: s.labels,
    },
    ...(showSecret ? { SecretData: Buffer.from(rt.secrets.data(s.id)).toString() } : {}),
  };
}

function secretFilter(filters: string[]): (s: SecretRecord) => boolean {
  const preds = filters.map((f) => {
    const eq = f.indexOf("=");
    const key = eq < 0 ? f : f.slice(0, eq);
    const value = eq < 0 ? "" : f.slice(eq + 1);
    if (key === "name") return (s: SecretRecord) => s.name.includes(value);
    if (key === "id") return (s: SecretRecord) => s.id.startsWith(value);
    if (key === "label") {
      const [k, v] = value.split("=", 2) as [string, string | undefined];
      return (s: SecretRecord) => k in s.labels && (v === undefined || s.labels[k] === v);
    }
    throw exactError("invalid_argument", `invalid filter ${JSON.stringify(key)}`);
  });
  return (s) => preds.every((p) => p(s));
}

export class LocalSecretEngine implements SecretEngine {
  constructor(private readonly rt: Runtime) {}

  async create(opts: SecretCreateOptions): Promise<string> {
    if (!SECRET_NAME.test(opts.name) || opts.name.length > 253) throw new TspodError("invalid_argument", `secret name ${JSON.stringify(opts.name)}: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
    const driver = opts.driver ?? "file";
    if (driver !== "file") throw new TspodError("invalid_argument", `unsupported secret driver ${JSON.stringify(driver)}: only "file" is available`);
    if (opts.fromEnv !== undefined) {
      const value = this.rt.settings.env[opts.fromEnv];
      if (value === undefined) throw exactError("invalid_argument", `cannot create store secret data: environment variable ${opts.fromEnv} is not set`);
      opts = { ...opts, data: Buffer.from(value) };
    }
    if (opts.data.length === 0) throw exactError("invalid_argument", "secret data must be larger than 0 and less than 512000 bytes");
    if (opts.data.length >= MAX_SECRET_SIZE) throw exactError("invalid_argument", "secret data must be larger than 0 and less than 512000 bytes");
    const now = eventTimeNow();
    const rec: SecretRecord = {
      id: randomHexId().slice(0, 25),
      name: opts.name,
      driver,
      driverOptions: { path: path.dirname(this.rt.secrets.dataDir), ...keyValues(opts.driverOptions) },
      labels: keyValues(opts.labels),
      createdAt: now,
      updatedAt: now,
    };
    try {
      return this.rt.secrets.add(rec, opts.data, opts.replace).id;
    } catch (err) {
      if (err instanceof TspodError && err.code === "secret_in_use") throw exactError("secret_in_use", `${opts.name}: secret name in use`);
      throw err;
    }
  }

  async list(filters: string[]): Promise<SecretInspect[]> {
    const pred = secretFilter(filters);
    return this.rt.secrets
      .list()
      .filter(pred)
      .map((s) => view(this.rt, s, false));
  }

  async inspect(nameOrId: string, showSecret: boolean): Promise<SecretInspect> {
    const s = this.rt.secrets.lookup(nameOrId);
    if (!s) throw noSuchSecret(nameOrId);
    return view(this.rt, s, showSecret);
  }

  async remove(names: string[], opts: { all: boolean; ignore: boolean }): Promise<SecretRemoveReport[]> {
    const targets = opts.all ? this.rt.secrets.list().map((s) => s.id) : names;
    const out: SecretRemoveReport[] = [];
    for (const name of targets) {
      const s = this.rt.secrets.lookup(name);
      if (!s) {
        if (!opts.ignore) out.push({ id: name, error: noSuchSecret(name) });
        continue;
      }
      this.rt.secrets.remove(s.id);
      out.push({ id: s.id });
    }
    return out;
  }

  async exists(nameOrId: string): Promise<boolean> {
    return this.rt.secrets.lookup(nameOrId) !== undefined;
  }
}
