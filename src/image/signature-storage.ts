/**
 * containers-registries.d(5): where simple-signing signatures of a registry live (the
 * "lookaside" store, file:// or http(s)://) and whether sigstore attachments are used; reading
 * `signature-1…N` of a manifest digest from there, and the path layout `image sign` writes.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { digestHex } from "../util/digest.ts";
import { dockerScopes } from "./policy.ts";
import type { ImageReference } from "./reference.ts";

export interface SignatureStorageConfig {
  lookaside?: string;
  lookasideStaging?: string;
  useSigstoreAttachments?: boolean;
}

export interface RegistriesD {
  defaultDocker?: SignatureStorageConfig;
  docker: Record<string, SignatureStorageConfig>;
}

const MAX_SIGNATURE = 4 * 1024 * 1024;
const MAX_SIGNATURES = 64;

function storageConfig(v: unknown, where: string): SignatureStorageConfig {
  if (v === null || v === undefined) return {};
  if (typeof v !== "object") throw new TspodError("config", `${where}: not a mapping`);
  const o = v as Record<string, unknown>;
  const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  return {
    lookaside: s("lookaside") ?? s("sigstore"),
    lookasideStaging: s("lookaside-staging") ?? s("sigstore-staging"),
    useSigstoreAttachments: o["use-sigstore-attachments"] === true,
  };
}

/** Reads every `*.yaml` in `dir` (a missing dir is an empty config). */
export async function loadRegistriesD(dir: string): Promise<RegistriesD> {
  const out: RegistriesD = { docker: {} };
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  } catch {
    return out;
  }
  const YAML = await import("yaml");
  for (const f of files) {
    const file = path.join(dir, f);
    let doc: Record<string, unknown>;
    try {
      doc = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
    } catch (err) {
      throw new TspodError("config", `parsing ${file}: ${(err as Error).message}`, err);
    }
    if (doc["default-docker"] !== undefined) {
      if (out.defaultDocker) throw new TspodError("config", `${file}: default-docker defined in more than one file`);
      out.defaultDocker = storageConfig(doc["default-docker"], `${file}: default-docker`);
    }
    const docker = doc.docker as Record<string, unknown> | undefined;
    for (const [scope, v] of Object.entries(docker ?? {})) {
      if (out.docker[scope]) throw new TspodError("config", `${file}: docker namespace ${scope} defined more than once`);
      out.docker[scope] = storageConfig(v, `${file}: docker.${scope}`);
    }
  }
  return out;
}

/** The most specific configuration for `ref` (docker namespaces, then default-docker). */
export function storageFor(conf: RegistriesD, ref: ImageReference): SignatureStorageConfig {
  for (const scope of dockerScopes(ref)) if (conf.docker[scope]) return conf.docker[scope]!;
  return conf.defaultDocker ?? {};
}

/** `<base>/<repository>@sha256=<hex>/signature-<n>` (n from 1). */
export function lookasideUrl(base: string, ref: ImageReference, manifestDigest: string, n: number): string {
  const algo = manifestDigest.split(":")[0];
  return `${base.replace(/\/+$/, "")}/${ref.repository}@${algo}=${digestHex(manifestDigest)}/signature-${n}`;
}

/** Reads all signatures stored for `manifestDigest` (stops at the first missing index). */
export async function readLookasideSignatures(base: string, ref: ImageReference, manifestDigest: string, signal?: AbortSignal): Promise<Uint8Array[]> {
  const sigs: Uint8Array[] = [];
  for (let n = 1; n <= MAX_SIGNATURES; n++) {
    const url = lookasideUrl(base, ref, manifestDigest, n);
    if (url.startsWith("file://")) {
      const file = decodeURIComponent(new URL(url).pathname);
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        break;
      }
      if (st.size > MAX_SIGNATURE) throw new TspodError("image_rejected", `signature ${file} is too large`);
      sigs.push(new Uint8Array(fs.readFileSync(file)));
    } else if (/^https?:\/\//.test(url)) {
      const res = await fetch(url, { signal });
      if (res.status === 404) {
        await res.body?.cancel();
        break;
      }
      if (!res.ok) throw new TspodError("registry", `reading signature from ${url}: status ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.length > MAX_SIGNATURE) throw new TspodError("image_rejected", `signature ${url} is too large`);
      sigs.push(bytes);
    } else {
      throw new TspodError("config", `unsupported lookaside URL ${base}`);
    }
  }
  return sigs;
}

/** Writes a signature into a file:// lookaside (or plain directory) as the next free index. */
export function writeLookasideSignature(baseDir: string, ref: ImageReference, manifestDigest: string, sig: Uint8Array): string {
  const base = baseDir.startsWith("file://") ? decodeURIComponent(new URL(baseDir).pathname) : baseDir;
  for (let n = 1; n <= MAX_SIGNATURES; n++) {
    const file = lookasideUrl(base, ref, manifestDigest, n);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, sig, { flag: "wx", mode: 0o644 });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  throw new TspodError("internal", `too many signatures for ${ref.name}@${manifestDigest}`);
}
