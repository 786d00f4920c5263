/**
 * The "simple signing" payload (containers-signature(5)) shared by GPG signatures and sigstore
 * (cosign) signatures: which docker reference and manifest digest the signer vouches for, and
 * the signedIdentity rules of policy.json that decide whether that identity is acceptable.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { SignedIdentity } from "./policy.ts";
import { parseReference, type ImageReference } from "./reference.ts";

export const SIGNATURE_TYPE = "atomic container signature";

export interface SignaturePayload {
  dockerReference: string;
  manifestDigest: string;
}

export function createPayload(p: SignaturePayload, creator = "tspod"): Uint8Array {
  const body = {
    critical: { identity: { "docker-reference": p.dockerReference }, image: { "docker-manifest-digest": p.manifestDigest }, type: SIGNATURE_TYPE },
    optional: { creator, timestamp: Math.floor(Date.now() / 1000) },
  };
  return new TextEncoder().encode(JSON.stringify(body));
}

function rejected(msg: string): TspodError {
  return new TspodError("image_rejected", msg);
}

/** Parses and validates a verified payload (still untrusted structure). */
export function parsePayload(bytes: Uint8Array): SignaturePayload {
  let j: { critical?: { identity?: Record<string, unknown>; image?: Record<string, unknown>; type?: unknown } };
  try {
    j = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw rejected("Invalid signature format: payload is not JSON");
  }
  const c = j?.critical;
  if (!c || c.type !== SIGNATURE_TYPE) throw rejected(`Invalid signature format: critical.type is not "${SIGNATURE_TYPE}"`);
  const ref = c.identity?.["docker-reference"];
  const digest = c.image?.["docker-manifest-digest"];
  if (typeof ref !== "string" || typeof digest !== "string") throw rejected("Invalid signature format: missing identity or manifest digest");
  return { dockerReference: ref, manifestDigest: digest };
}

function sameRepo(a: ImageReference, b: ImageReference): boolean {
  return a.name === b.name;
}

function exact(a: ImageReference, b: ImageReference): boolean {
  return a.toString() === b.toString();
}

/** Whether the signed identity is acceptable for pulling `image` under `rule`. */
export function identityMatches(rule: SignedIdentity | undefined, image: ImageReference, signedRef: string): boolean {
  let signed: ImageReference;
  try {
    signed = parseReference(signedRef);
  } catch {
    return false;
  }
  if (signed.isShortName) return false;
  switch (rule?.type ?? "matchRepoDigestOrExact") {
    case "matchExact":
      return !!image.tag && !image.digest && exact(image, signed);
    case "matchRepoDigestOrExact":
      return image.digest ? sameRepo(image, signed) : exact(image, signed);
    case "matchRepository":
      return sameRepo(image, signed);
    case "exactReference":
      return exact(parseReference((rule as { dockerReference: string }).dockerReference), signed);
    case "exactRepository":
      return parseReference((rule as { dockerRepository: string }).dockerRepository).name === signed.name;
    case "remapIdentity": {
      const r = rule as { prefix: string; signedPrefix: string };
      const name = image.toString();
      const remapped = name.startsWith(r.prefix) ? parseReference(r.signedPrefix + name.slice(r.prefix.length)) : image;
      return remapped.digest ? sameRepo(remapped, signed) : exact(remapped, signed);
    }
  }
}
