/** sha256 digests in OCI form (`sha256:<hex>`). */
import { createHash } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function sha256Digest(data: Uint8Array | string): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

/** Validates a digest string from untrusted input and returns its hex part. */
export function digestHex(digest: string): string {
  if (!isDigest(digest)) throw new TspodError("invalid_argument", `invalid digest ${JSON.stringify(digest)}`);
  return digest.slice(7);
}
