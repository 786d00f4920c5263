/**
 * Sigstore (cosign-style) signatures stored as OCI artifacts next to the image: the tag
 * `sha256-<hex>.sig` in the same repository holds one layer per signature, each a simple-signing
 * payload blob whose base64 ECDSA/RSA/Ed25519 signature sits in the layer's
 * `dev.cosignproject.cosign/signature` annotation.
 */
import { createPublicKey, verify } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import { sha256Digest, digestHex } from "../util/digest.ts";
import type { RegistryClient } from "./registry-client.ts";
import { parseManifest } from "./manifest.ts";

export const SIGSTORE_PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
export const SIGSTORE_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
const MAX_PAYLOAD = 4 * 1024 * 1024;

export interface SigstoreSignature {
  payload: Uint8Array;
  /** Raw signature bytes (decoded from base64). */
  signature: Uint8Array;
}

export function sigstoreTag(manifestDigest: string): string {
  return `${manifestDigest.split(":")[0]}-${digestHex(manifestDigest)}.sig`;
}

async function readSmallBlob(client: RegistryClient, repo: string, digest: string, size: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (size > MAX_PAYLOAD) throw new TspodError("image_rejected", `sigstore payload ${digest} is too large`);
  const blob = await client.getBlob(repo, digest, signal);
  const bytes = new Uint8Array(await new Response(blob.body).arrayBuffer());
  if (bytes.length !== size || sha256Digest(bytes) !== digest) throw new TspodError("digest_mismatch", `sigstore payload ${digest} does not match its descriptor`);
  return bytes;
}

/** The sigstore signatures attached to `manifestDigest` in `repo` ([] when none). */
export async function fetchSigstoreSignatures(client: RegistryClient, repo: string, manifestDigest: string, signal?: AbortSignal): Promise<SigstoreSignature[]> {
  let m;
  try {
    m = await client.getManifest(repo, sigstoreTag(manifestDigest), signal);
  } catch (err) {
    if ((err as TspodError).code === "manifest_unknown") return [];
    throw err;
  }
  const parsed = parseManifest(m.bytes, m.mediaType);
  if (parsed.kind !== "manifest") return [];
  const out: SigstoreSignature[] = [];
  for (const layer of parsed.manifest.layers.slice(0, 64)) {
    if (layer.mediaType !== SIGSTORE_PAYLOAD_TYPE) continue;
    const b64 = layer.annotations?.[SIGSTORE_SIGNATURE_ANNOTATION];
    if (typeof b64 !== "string") continue;
    out.push({ payload: await readSmallBlob(client, repo, layer.digest, layer.size, signal), signature: new Uint8Array(Buffer.from(b64, "base64")) });
  }
  return out;
}

/** Verifies a sigstore signature over its payload with a PEM public key (SHA-256). */
export function verifySigstoreSignature(sig: SigstoreSignature, publicKeyPem: string | Uint8Array): boolean {
  let key;
  try {
    key = createPublicKey(typeof publicKeyPem === "string" ? publicKeyPem : Buffer.from(publicKeyPem));
  } catch (err) {
    throw new TspodError("invalid_policy", `parsing sigstore public key: ${(err as Error).message}`, err);
  }
  try {
    const algo = key.asymmetricKeyType === "ed25519" ? null : "sha256";
    return verify(algo, sig.payload, key, sig.signature);
  } catch {
    return false;
  }
}
