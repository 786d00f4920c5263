/**
 * containers-policy.json(5): parsing, validation and the requirement list that applies to a
 * docker reference (most specific scope wins: `reg/repo:tag`, `reg/repo`, parent namespaces,
 * `reg`, `*.domain` wildcards, the transport's `""` scope, then `default`).
 */
import fs from "node:fs";
import { TspodError } from "../errors/tspod-error.ts";
import type { ImageReference } from "./reference.ts";

export type SignedIdentity =
  | { type: "matchExact" }
  | { type: "matchRepoDigestOrExact" }
  | { type: "matchRepository" }
  | { type: "exactReference"; dockerReference: string }
  | { type: "exactRepository"; dockerRepository: string }
  | { type: "remapIdentity"; prefix: string; signedPrefix: string };

export type PolicyRequirement =
  | { type: "insecureAcceptAnything" }
  | { type: "reject" }
  | { type: "signedBy"; keyType: "GPGKeys"; keyPath?: string; keyPaths?: string[]; keyData?: string; signedIdentity?: SignedIdentity }
  | { type: "sigstoreSigned"; keyPath?: string; keyData?: string; signedIdentity?: SignedIdentity };

export interface PolicyFile {
  default: PolicyRequirement[];
  transports?: Record<string, Record<string, PolicyRequirement[]>>;
}

function invalid(msg: string): TspodError {
  return new TspodError("invalid_policy", msg);
}

function parseIdentity(v: unknown): SignedIdentity | undefined {
  if (v === undefined) return undefined;
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== "object") throw invalid("signedIdentity is not an object");
  switch (o.type) {
    case "matchExact":
    case "matchRepoDigestOrExact":
    case "matchRepository":
      return { type: o.type };
    case "exactReference":
      if (typeof o.dockerReference !== "string") throw invalid("exactReference needs dockerReference");
      return { type: "exactReference", dockerReference: o.dockerReference };
    case "exactRepository":
      if (typeof o.dockerRepository !== "string") throw invalid("exactRepository needs dockerRepository");
      return { type: "exactRepository", dockerRepository: o.dockerRepository };
    case "remapIdentity":
      if (typeof o.prefix !== "string" || typeof o.signedPrefix !== "string") throw invalid("remapIdentity needs prefix and signedPrefix");
      return { type: "remapIdentity", prefix: o.prefix, signedPrefix: o.signedPrefix };
    default:
      throw invalid(`unknown signedIdentity type ${JSON.stringify(o.type)}`);
  }
}

function parseRequirement(v: unknown): PolicyRequirement {
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== "object") throw invalid("policy requirement is not an object");
  switch (o.type) {
    case "insecureAcceptAnything":
    case "reject":
      return { type: o.type };
    case "signedBy": {
      if (o.keyType !== "GPGKeys") throw invalid(`unsupported keyType ${JSON.stringify(o.keyType)}`);
      const sources = ["keyPath", "keyPaths", "keyData"].filter((k) => o[k] !== undefined);
      if (sources.length !== 1) throw invalid("exactly one of keyPath, keyPaths and keyData must be specified");
      if (o.keyPaths !== undefined && (!Array.isArray(o.keyPaths) || !o.keyPaths.every((p) => typeof p === "string"))) throw invalid("keyPaths must be a list of paths");
      return {
        type: "signedBy",
        keyType: "GPGKeys",
        ...(typeof o.keyPath === "string" ? { keyPath: o.keyPath } : {}),
        ...(Array.isArray(o.keyPaths) ? { keyPaths: o.keyPaths as string[] } : {}),
        ...(typeof o.keyData === "string" ? { keyData: o.keyData } : {}),
        ...(o.signedIdentity !== undefined ? { signedIdentity: parseIdentity(o.signedIdentity)! } : {}),
      };
    }
    case "sigstoreSigned": {
      const sources = ["keyPath", "keyData"].filter((k) => typeof o[k] === "string");
      if (sources.length !== 1) throw invalid("exactly one of keyPath and keyData must be specified");
      return {
        type: "sigstoreSigned",
        ...(typeof o.keyPath === "string" ? { keyPath: o.keyPath } : {}),
        ...(typeof o.keyData === "string" ? { keyData: o.keyData } : {}),
        ...(o.signedIdentity !== undefined ? { signedIdentity: parseIdentity(o.signedIdentity)! } : {}),
      };
    }
    default:
      throw invalid(`unknown policy requirement type ${JSON.stringify(o.type)}`);
  }
}

function parseRequirements(v: unknown, where: string): PolicyRequirement[] {
  if (!Array.isArray(v)) throw invalid(`${where} is not a list of requirements`);
  if (v.length === 0) throw invalid(`${where}: no policy requirements`);
  return v.map(parseRequirement);
}

/** Parses and validates policy.json text. */
export function parsePolicy(text: string, file = "policy.json"): PolicyFile {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new TspodError("invalid_policy", `invalid policy in "${file}": ${(err as Error).message}`, err);
  }
  if (!j || typeof j !== "object" || Array.isArray(j)) throw invalid(`invalid policy in "${file}": not an object`);
  const policy: PolicyFile = { default: parseRequirements(j.default, `${file}: default`) };
  if (j.transports !== undefined) {
    if (!j.transports || typeof j.transports !== "object") throw invalid(`${file}: transports is not an object`);
    policy.transports = {};
    for (const [transport, scopes] of Object.entries(j.transports as Record<string, unknown>)) {
      if (!scopes || typeof scopes !== "object") throw invalid(`${file}: transports.${transport} is not an object`);
      const out: Record<string, PolicyRequirement[]> = {};
      for (const [scope, reqs] of Object.entries(scopes as Record<string, unknown>)) {
        out[scope] = parseRequirements(reqs, `${file}: transports.${transport}.${scope}`);
      }
      policy.transports[transport] = out;
    }
  }
  return policy;
}

/** Reads policy.json; a missing file is an error, like containers/image. */
export function loadPolicy(file: string): PolicyFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new TspodError("invalid_policy", `open ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`, err);
  }
  return parsePolicy(text, file);
}

/** Scopes to try for a docker reference, most specific first (containers/image's order). */
export function dockerScopes(ref: ImageReference): string[] {
  const scopes: string[] = [];
  if (ref.digest) scopes.push(`${ref.name}@${ref.digest}`);
  else scopes.push(`${ref.name}:${ref.tag ?? "latest"}`);
  const parts = ref.name.split("/");
  for (let i = parts.length; i >= 1; i--) scopes.push(parts.slice(0, i).join("/"));
  const host = ref.registry.split(":")[0]!;
  const labels = host.split(".");
  for (let i = 1; i < labels.length; i++) scopes.push(`*.${labels.slice(i).join(".")}`);
  return scopes;
}

/** The requirements for pulling `ref` over the docker transport, and the scope that matched. */
export function requirementsFor(policy: PolicyFile, ref: ImageReference): { scope: string; requirements: PolicyRequirement[] } {
  const docker = policy.transports?.docker ?? {};
  for (const scope of dockerScopes(ref)) {
    if (docker[scope]) return { scope, requirements: docker[scope]! };
  }
  if (docker[""]) return { scope: "", requirements: docker[""]! };
  return { scope: "default", requirements: policy.default };
}

/** Serialises policy.json the way Podman's `trust set` writes it (4-space indent). */
export function formatPolicy(policy: PolicyFile): string {
  return JSON.stringify(policy, null, 4);
}
