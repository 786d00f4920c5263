/**
 * Verifies a "simple signing" signature (an OpenPGP signed message, not detached) against the
 * public keys of a `signedBy` requirement with the `openpgp` package — in process, no keyring.
 * Keys may be binary or ASCII-armored; several keys may be concatenated in one file.
 */
import { TspodError } from "../errors/tspod-error.ts";

export interface VerifiedSignature {
  /** The signed content (the simple-signing JSON payload). */
  payload: Uint8Array;
  /** Fingerprint (hex, upper case) of the primary key that made the signature. */
  fingerprint: string;
}

function invalid(detail: string, cause?: unknown): TspodError {
  return new TspodError("image_rejected", `Invalid GPG signature: ${detail}`, cause);
}

function isArmored(b: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(b.subarray(0, 64)).includes("-----BEGIN PGP");
}

export async function verifySimpleSignature(signature: Uint8Array, keyFiles: Uint8Array[]): Promise<VerifiedSignature> {
  const openpgp = await import("openpgp");
  type Key = Awaited<ReturnType<typeof openpgp.readKeys>>[number];
  const keys: Key[] = [];
  for (const k of keyFiles) {
    try {
      keys.push(...(isArmored(k) ? await openpgp.readKeys({ armoredKeys: new TextDecoder().decode(k) }) : await openpgp.readKeys({ binaryKeys: k })));
    } catch (err) {
      throw new TspodError("invalid_policy", `reading public key: ${(err as Error).message}`, err);
    }
  }
  if (keys.length === 0) throw new TspodError("invalid_policy", "no public keys to verify signatures with");
  let message;
  try {
    message = await openpgp.readMessage({ binaryMessage: signature });
  } catch (err) {
    throw invalid(`not an OpenPGP message (${(err as Error).message})`, err);
  }
  let result;
  try {
    result = await openpgp.verify({ message, verificationKeys: keys, format: "binary", expectSigned: true });
  } catch (err) {
    throw invalid((err as Error).message, err);
  }
  const keyId = result.signatures[0]?.keyID;
  const signer = keys.find((k) => k.getKeys(keyId).length > 0);
  return { payload: result.data as Uint8Array, fingerprint: (signer?.getFingerprint() ?? keyId?.toHex() ?? "").toUpperCase() };
}
