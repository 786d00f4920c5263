/** TrustEngine over policy.json, registries.d and GnuPG on this host. */
import fs from "node:fs";
import path from "node:path";
import type { SignOptions, TrustEngine, TrustPolicyEntry, TrustSetOptions } from "../domain/trust-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { defaultSigstoreDir, gnupgHome, policyPath, registriesDir } from "../config/policy-paths.ts";
import { formatPolicy, loadPolicy, parsePolicy, type PolicyFile } from "../image/policy.ts";
import { describePolicy, plainError, setTrust } from "../image/policy-describe.ts";
import { loadRegistriesD, storageFor } from "../image/signature-storage.ts";
import { signImage } from "../image/signature-sign.ts";
import { parseReference } from "../image/reference.ts";
import { gpgKeyUids } from "../util/gpg.ts";
import { atomicWriteFile } from "../util/atomic-write.ts";

export class LocalTrustEngine implements TrustEngine {
  constructor(private readonly rt: Runtime) {}

  private path(p?: string): string {
    return policyPath(p, this.rt.settings.env);
  }

  async policyRaw(p?: string): Promise<string> {
    const file = this.path(p);
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      throw new TspodError("invalid_policy", `open ${file}: no such file or directory`);
    }
  }

  async policyShow(p?: string): Promise<TrustPolicyEntry[]> {
    const file = this.path(p);
    const raw = await this.policyRaw(p);
    let policy: PolicyFile;
    try {
      policy = parsePolicy(raw, file);
    } catch (err) {
      const e = new TspodError("invalid_policy");
      Object.defineProperty(e, "message", { value: `could not show trust policies: could not read trust policies: could not parse trust policies from ${file}: ${(err as Error).message.replace(/: invalid policy configuration$/, "")}` });
      throw e;
    }
    const regD = await loadRegistriesD(registriesDir(this.rt.settings.env));
    const out: TrustPolicyEntry[] = [];
    for (const row of describePolicy(policy)) {
      const e = { transport: row.transport } as TrustPolicyEntry;
      if (row.name !== undefined) e.name = row.name;
      if (row.repo_name !== undefined) e.repo_name = row.repo_name;
      e.type = row.type;
      if (row.keyPaths?.length) {
        const uids = (await Promise.all(row.keyPaths.map((k) => gpgKeyUids(k)))).flat();
        if (uids.length) e.gpg_id = uids.join(", ");
      } else if (row.gpg_id) e.gpg_id = row.gpg_id;
      if (row.type !== "signed") {
        /* Podman shows the lookaside store only for GPG-signed requirements */
      } else if (row.scope !== undefined) {
        let st;
        try {
          st = storageFor(regD, parseReference(row.scope.includes("/") ? row.scope : `${row.scope}/x`));
        } catch {
          st = regD.docker[row.scope];
        }
        if (st?.lookaside) e.sigstore = st.lookaside;
      } else if (row.transport === "all" && regD.defaultDocker?.lookaside) {
        e.sigstore = regD.defaultDocker.lookaside;
      }
      out.push(e);
    }
    return out;
  }

  async policySet(scope: string, opts: TrustSetOptions): Promise<void> {
    const file = this.path(opts.policyPath);
    let policy: PolicyFile;
    if (fs.existsSync(file)) policy = loadPolicy(file);
    else if (scope === "default") policy = { default: [] };
    else throw plainError("invalid_policy", "default trust policy must be set");
    const keys = opts.pubKeys.map((k) => path.resolve(k));
    const next = setTrust(policy, scope, opts.type, keys);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    atomicWriteFile(file, formatPolicy(next));
  }

  async sign(images: string[], opts: SignOptions, signal?: AbortSignal): Promise<string[]> {
    const env = this.rt.settings.env;
    const regD = await loadRegistriesD(registriesDir(env));
    const out: string[] = [];
    for (const image of images) {
      out.push(
        ...(await signImage(image, {
          signBy: opts.signBy,
          gnupgHome: gnupgHome(env),
          registries: this.rt.registries,
          registriesD: regD,
          ...(opts.directory ? { directory: opts.directory } : {}),
          defaultDirectory: defaultSigstoreDir(env),
          certDir: opts.certDir,
          tlsVerify: opts.tlsVerify,
          all: opts.all,
          signal,
        })),
      );
    }
    return out;
  }
}
