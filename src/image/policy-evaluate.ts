/**
 * Enforces policy.json on a pull (containers/image's IsRunningImageAllowed): every requirement of
 * the most specific scope must accept the image. Signatures are fetched only when a requirement
 * needs them: simple-signing ones from the lookaside store (registries.d), sigstore ones from the
 * registry's `sha256-<hex>.sig` artifact.
 */
import fs from "node:fs";
import { TspodError } from "../errors/tspod-error.ts";
import { verifySimpleSignature } from "./signature-openpgp.ts";
import { requirementsFor, type PolicyFile, type SignedIdentity } from "./policy.ts";
import { identityMatches, parsePayload } from "./signature-payload.ts";
import { readLookasideSignatures, storageFor, type RegistriesD } from "./signature-storage.ts";
import { fetchSigstoreSignatures, verifySigstoreSignature, type SigstoreSignature } from "./signature-sigstore.ts";
import type { RegistryClient } from "./registry-client.ts";
import type { ImageReference } from "./reference.ts";

export interface PolicyCheckInput {
  policy: PolicyFile;
  /** registries.d, read only when a requirement needs signatures. */
  registriesD: () => Promise<RegistriesD>;
  /** The reference being pulled (the identity signatures must vouch for). */
  ref: ImageReference;
  /** Registry client and repository the image comes from (for sigstore attachments). */
  client: RegistryClient;
  repository: string;
  /** Digest of the top-level manifest as fetched. */
  manifestDigest: string;
  signal?: AbortSignal;
}

/** A TspodError whose message is exactly Podman's "Source image rejected: …". */
export function rejection(detail: string): TspodError {
  const err = new TspodError("image_rejected");
  Object.defineProperty(err, "message", { value: `Source image rejected: ${detail}` });
  return err;
}

function readKey(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (err) {
    throw rejection(`reading key file ${file}: ${(err as Error).message}`);
  }
}

function checkPayload(bytes: Uint8Array, req: { signedIdentity?: SignedIdentity }, input: PolicyCheckInput): void {
  const p = parsePayload(bytes);
  if (p.manifestDigest !== input.manifestDigest) throw new TspodError("image_rejected", `Signature for docker digest "${p.manifestDigest}" does not match`);
  if (!identityMatches(req.signedIdentity, input.ref, p.dockerReference)) throw new TspodError("image_rejected", `Signature for identity ${p.dockerReference} is not accepted`);
}

function detailOf(err: unknown): string {
  const e = err as TspodError;
  return e.code === "image_rejected" ? e.message.replace(/: Source image rejected$/, "") : (err as Error).message;
}

/** Accepts if any signature passes; otherwise throws with the reasons. */
async function anySignature<S>(sigs: S[], check: (s: S) => Promise<void>): Promise<void> {
  if (sigs.length === 0) throw rejection("A signature was required, but no signature exists");
  const reasons: string[] = [];
  for (const s of sigs) {
    try {
      await check(s);
      return;
    } catch (err) {
      reasons.push(detailOf(err));
    }
  }
  throw rejection(reasons.length === 1 ? reasons[0]! : `None of the signatures were accepted, reasons: ${reasons.join("; ")}`);
}

export async function checkPolicy(input: PolicyCheckInput): Promise<void> {
  const { requirements } = requirementsFor(input.policy, input.ref);
  let lookaside: Uint8Array[] | undefined;
  let sigstore: SigstoreSignature[] | undefined;
  for (const req of requirements) {
    switch (req.type) {
      case "insecureAcceptAnything":
        break;
      case "reject":
        throw rejection(`Running image docker://${input.ref.toString()} is rejected by policy.`);
      case "signedBy": {
        const keys = req.keyData !== undefined ? [new Uint8Array(Buffer.from(req.keyData, "base64"))] : (req.keyPaths ?? [req.keyPath!]).map(readKey);
        if (!lookaside) {
          const base = storageFor(await input.registriesD(), input.ref).lookaside;
          lookaside = base ? await readLookasideSignatures(base, input.ref, input.manifestDigest, input.signal) : [];
        }
        await anySignature(lookaside, async (sig) => {
          const msg = await verifySimpleSignature(sig, keys);
          checkPayload(msg.payload, req, input);
        });
        break;
      }
      case "sigstoreSigned": {
        const key = req.keyData !== undefined ? new Uint8Array(Buffer.from(req.keyData, "base64")) : readKey(req.keyPath!);
        if (!sigstore) {
          const use = storageFor(await input.registriesD(), input.ref).useSigstoreAttachments;
          sigstore = use ? await fetchSigstoreSignatures(input.client, input.repository, input.manifestDigest, input.signal) : [];
        }
        await anySignature(sigstore, async (sig) => {
          if (!verifySigstoreSignature(sig, key)) throw new TspodError("image_rejected", "cryptographic signature verification failed: invalid signature");
          checkPayload(sig.payload, req, input);
        });
        break;
      }
    }
  }
}
