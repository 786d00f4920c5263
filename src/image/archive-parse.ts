/**
 * Turns the members of a docker-archive, an OCI layout or a `dir:` layout into load candidates:
 * config bytes (digest checked), layer files with their expected diff_ids (and blob digests where
 * the format names them), and names. Everything referenced must exist; nothing is stored here.
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { isDigest, sha256Digest } from "../util/digest.ts";
import type { ArchiveMembers } from "./archive-members.ts";
import { REF_NAME_ANNOTATION } from "./archive-write.ts";
import { hostPlatform, parseImageConfig, parseManifest, selectPlatform } from "./manifest.ts";
import { MEDIA_TYPES, type OciDescriptor } from "./image-types.ts";
import { parseReference, DOCKER_IO } from "./reference.ts";

export interface LoadLayer {
  /** Host path of the layer file (compressed or not). */
  file: string;
  diffId: string;
  /** Expected digest/size of the file when the format names them (OCI, dir). */
  blobDigest?: string;
  blobSize?: number;
}

export interface LoadCandidate {
  names: string[];
  configBytes: Uint8Array;
  configDigest: string;
  layers: LoadLayer[];
}

function bad(msg: string): TspodError {
  return new TspodError("unsafe_content", `invalid image archive: ${msg}`);
}

function need(m: ArchiveMembers, name: string, what: string): string {
  const f = m.file(name);
  if (!f) throw bad(`${what} ${JSON.stringify(name)} is missing from the archive`);
  return f;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw bad(`${what} is not valid JSON`);
  }
}

/** Reads a blob named by digest and checks its content (small JSON blobs only). */
function readVerified(m: ArchiveMembers, name: string, digest: string, what: string): Uint8Array {
  const bytes = new Uint8Array(fs.readFileSync(need(m, name, what)));
  if (bytes.length > 16 << 20) throw bad(`${what} is too large`);
  const actual = sha256Digest(bytes);
  if (actual !== digest) throw new TspodError("digest_mismatch", `${what} ${digest}: content has digest ${actual}`);
  return bytes;
}

/** Normalises a name found in an archive; short names are Docker Hub names there (like Podman). */
export function archiveImageName(name: string, shortRegistry = DOCKER_IO): string | undefined {
  try {
    const ref = parseReference(name);
    if (ref.digest && !ref.tag) return undefined;
    return (ref.isShortName ? ref.withRegistry(shortRegistry) : ref).toString();
  } catch {
    return undefined;
  }
}

export function isDockerArchive(m: ArchiveMembers): boolean {
  return m.has("manifest.json") && !m.has("version");
}

export function parseDockerArchive(m: ArchiveMembers): LoadCandidate[] {
  const manifest = readJson(need(m, "manifest.json", "manifest"), "manifest.json");
  if (!Array.isArray(manifest) || manifest.length === 0) throw bad("manifest.json lists no images");
  return manifest.map((entry: unknown, i) => {
    const e = entry as { Config?: unknown; RepoTags?: unknown; Layers?: unknown };
    if (typeof e?.Config !== "string" || !Array.isArray(e.Layers) || !e.Layers.every((l) => typeof l === "string")) {
      throw bad(`manifest.json entry ${i} needs Config and Layers`);
    }
    const configBytes = new Uint8Array(fs.readFileSync(need(m, e.Config, "config")));
    const config = parseImageConfig(configBytes, e.Layers.length);
    const layers = (e.Layers as string[]).map((l, j) => ({ file: need(m, l, "layer"), diffId: config.rootfs.diff_ids[j]! }));
    const tags = Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === "string") : [];
    const names = tags.map((t) => archiveImageName(t)).filter((n): n is string => !!n);
    return { names, configBytes, configDigest: sha256Digest(configBytes), layers };
  });
}

function blobName(digest: string): string {
  if (!isDigest(digest)) throw bad(`unsupported digest ${JSON.stringify(digest)}`);
  return `blobs/sha256/${digest.slice(7)}`;
}

function candidateFromManifest(m: ArchiveMembers, desc: OciDescriptor, nameOf: (d: string) => string, names: string[]): LoadCandidate {
  let bytes = readVerified(m, nameOf(desc.digest), desc.digest, "manifest");
  let parsed = parseManifest(bytes, desc.mediaType);
  if (parsed.kind === "index") {
    const pick = selectPlatform(parsed.index, hostPlatform());
    bytes = readVerified(m, nameOf(pick.digest), pick.digest, "manifest");
    parsed = parseManifest(bytes, pick.mediaType);
    if (parsed.kind !== "manifest") throw bad("nested index");
  }
  const man = parsed.manifest;
  const configBytes = readVerified(m, nameOf(man.config.digest), man.config.digest, "config");
  const config = parseImageConfig(configBytes, man.layers.length);
  const layers = man.layers.map((l, j) => ({ file: need(m, nameOf(l.digest), "layer"), diffId: config.rootfs.diff_ids[j]!, blobDigest: l.digest, blobSize: l.size }));
  return { names, configBytes, configDigest: man.config.digest, layers };
}

/** An OCI layout; `ref` picks the entry whose ref-name annotation matches (else all entries). */
export function parseOciLayout(m: ArchiveMembers, ref?: string): LoadCandidate[] {
  const index = readJson(need(m, "index.json", "index"), "index.json") as { manifests?: unknown };
  if (!index || !Array.isArray(index.manifests)) throw bad("index.json has no manifests");
  const parsedIndex = parseManifest(new TextEncoder().encode(JSON.stringify({ ...index, schemaVersion: 2 })), MEDIA_TYPES.ociIndex);
  if (parsedIndex.kind !== "index") throw bad("index.json is not an index");
  let descs = parsedIndex.index.manifests;
  if (ref !== undefined) {
    descs = descs.filter((d) => d.annotations?.[REF_NAME_ANNOTATION] === ref);
    if (descs.length === 0) throw new TspodError("no_such_image", `no descriptor found for reference ${JSON.stringify(ref)}`);
  }
  if (descs.length === 0) throw bad("index.json lists no images");
  return descs.map((d) => {
    const refName = d.annotations?.[REF_NAME_ANNOTATION];
    const name = refName && refName.includes("/") ? archiveImageName(refName, "localhost") : undefined;
    return candidateFromManifest(m, d, blobName, name ? [name] : []);
  });
}

/** skopeo's `dir:` layout (manifest.json + blobs named by hex). */
export function parseDirLayout(m: ArchiveMembers): LoadCandidate {
  const bytes = new Uint8Array(fs.readFileSync(need(m, "manifest.json", "manifest")));
  const digest = sha256Digest(bytes);
  const nameOf = (d: string) => {
    if (!isDigest(d)) throw bad(`unsupported digest ${JSON.stringify(d)}`);
    return d.slice(7);
  };
  const proxy: ArchiveMembers = { file: (n) => (n === `sha256-manifest` ? need(m, "manifest.json", "manifest") : m.file(n)), has: (n) => m.has(n) };
  return candidateFromManifest(proxy, { mediaType: sniffMediaType(bytes), digest, size: bytes.length }, (d) => (d === digest ? "sha256-manifest" : nameOf(d)), []);
}

function sniffMediaType(bytes: Uint8Array): string {
  try {
    const j = JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: string };
    return j.mediaType ?? MEDIA_TYPES.ociManifest;
  } catch {
    return MEDIA_TYPES.ociManifest;
  }
}

/** sha256 and size of a file, streamed. */
export async function fileDigest(file: string, signal?: AbortSignal): Promise<{ digest: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    signal?.throwIfAborted();
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { digest: "sha256:" + h.digest("hex"), size };
}
