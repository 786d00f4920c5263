/**
 * sha256 digests in OCI form (`sha256:<hex>`). Bun's native hasher: importing node:crypto would
 * cost start-up time on every command that touches the store.
 */
import { TspodError } from "../errors/tspod-error.ts";

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/** An incremental sha256 for streamed content; `digest()` gives `sha256:<hex>`. */
export class Sha256 {
  private readonly hasher = new Bun.CryptoHasher("sha256");

  update(data: Uint8Array | string): this {
    this.hasher.update(data);
    return this;
  }

  digest(): string {
    return "sha256:" + this.hasher.digest("hex");
  }
}

export function sha256Digest(data: Uint8Array | string): string {
  return new Sha256().update(data).digest();
}

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

/** Validates a digest string from untrusted input and returns its hex part. */
export function digestHex(digest: string): string {
  if (!isDigest(digest)) throw new TspodError("invalid_argument", `invalid digest ${JSON.stringify(digest)}`);
  return digest.slice(7);
}
