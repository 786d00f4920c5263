/** policy.json as `image trust show` rows, and the edit `image trust set` makes. */
import { TspodError } from "../errors/tspod-error.ts";
import type { PolicyFile, PolicyRequirement } from "./policy.ts";

export interface PolicyRow {
  transport: string;
  name?: string;
  repo_name?: string;
  type: string;
  /** Key files whose user IDs belong in the ID column (signedBy). */
  keyPaths?: string[];
  /** Literal ID column value (N/A for sigstore keys). */
  gpg_id?: string;
  /** docker scope, to look up its lookaside store. */
  scope?: string;
}

function typeName(r: PolicyRequirement): string {
  switch (r.type) {
    case "insecureAcceptAnything":
      return "accept";
    case "signedBy":
      return "signed";
    default:
      return r.type;
  }
}

function row(base: Omit<PolicyRow, "type">, r: PolicyRequirement): PolicyRow {
  const out: PolicyRow = { ...base, type: typeName(r) };
  if (r.type === "signedBy") out.keyPaths = r.keyPaths ?? (r.keyPath ? [r.keyPath] : []);
  if (r.type === "sigstoreSigned") out.gpg_id = "N/A";
  return out;
}

export function describePolicy(p: PolicyFile): PolicyRow[] {
  const rows: PolicyRow[] = p.default.map((r) => row({ transport: "all", name: "* (default)", repo_name: "default" }, r));
  const transports = Object.keys(p.transports ?? {}).sort();
  for (const t of transports) {
    const scopes = p.transports![t]!;
    for (const scope of Object.keys(scopes).sort()) {
      for (const r of scopes[scope]!) {
        if (t === "docker") rows.push(row({ transport: "repository", name: scope, repo_name: scope, scope }, r));
        else rows.push(row({ transport: t, ...(scope ? { name: scope, repo_name: scope } : {}) }, r));
      }
    }
  }
  return rows;
}

/** An error whose message is exactly `msg` (Podman prints these without a cause suffix). */
export function plainError(code: "invalid_argument" | "invalid_policy", msg: string): TspodError {
  const err = new TspodError(code);
  Object.defineProperty(err, "message", { value: msg });
  return err;
}

export const TRUST_TYPES = ["accept", "reject", "signedBy", "sigstoreSigned"] as const;

/** Validates a `trust set` scope: "default" or a registry[/repository] without tag. */
function checkScope(scope: string): void {
  if (scope === "default") return;
  if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?(\/[a-z0-9._\/-]+)?(:[\w][\w.-]*|@sha256:[a-f0-9]{64})?$/.test(scope)) {
    throw plainError("invalid_argument", `invalid image uri: ${scope}`);
  }
}

/** Returns `p` with the requirement of `scope` replaced (Podman's `image trust set`). */
export function setTrust(p: PolicyFile, scope: string, type: string, pubKeys: string[]): PolicyFile {
  if (!(TRUST_TYPES as readonly string[]).includes(type)) {
    throw plainError("invalid_argument", `invalid choice: ${type} (choose from 'accept', 'reject', 'signedBy', 'sigstoreSigned')`);
  }
  checkScope(scope);
  if (type !== "signedBy" && type !== "sigstoreSigned" && pubKeys.length) {
    throw plainError("invalid_argument", `${pubKeys.length} public keys unexpectedly provided for trust type ${type}`);
  }
  let reqs: PolicyRequirement[];
  if (type === "accept") reqs = [{ type: "insecureAcceptAnything" }];
  else if (type === "reject") reqs = [{ type: "reject" }];
  else if (type === "signedBy") {
    if (pubKeys.length === 0) throw plainError("invalid_argument", "at least one public key must be defined for type 'signedBy'");
    reqs = pubKeys.map((k) => ({ type: "signedBy", keyType: "GPGKeys", keyPath: k }));
  } else {
    if (pubKeys.length === 0) throw plainError("invalid_argument", "at least one public key must be defined for type 'sigstoreSigned'");
    reqs = pubKeys.map((k) => ({ type: "sigstoreSigned", keyPath: k }));
  }
  const next: PolicyFile = { ...p, transports: { ...(p.transports ?? {}) } };
  if (scope === "default") next.default = reqs;
  else next.transports!.docker = { ...(next.transports!.docker ?? {}), [scope]: reqs };
  if (Object.keys(next.transports!).length === 0) delete next.transports;
  return next;
}
