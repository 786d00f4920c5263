/** What the CLI and the API ask of image trust: policy.json and image signatures. */

/** One row of `image trust show` (Podman's JSON field names; empty fields are left out). */
export interface TrustPolicyEntry {
  transport: string;
  name?: string;
  repo_name?: string;
  type: string;
  gpg_id?: string;
  sigstore?: string;
}

export interface TrustSetOptions {
  /** accept | reject | signedBy | sigstoreSigned */
  type: string;
  pubKeys: string[];
  policyPath?: string;
}

export interface SignOptions {
  signBy: string;
  directory?: string;
  certDir?: string;
  tlsVerify?: boolean;
  /** Write every signature here instead of registries.d's staging location. */
  all?: boolean;
}

export interface TrustEngine {
  /** The policy file's raw text. */
  policyRaw(policyPath?: string): Promise<string>;
  /** The policy as rows. */
  policyShow(policyPath?: string): Promise<TrustPolicyEntry[]>;
  /** Sets the requirement of `scope` ("default" or a registry/repository) and saves atomically. */
  policySet(scope: string, opts: TrustSetOptions): Promise<void>;
  /** Signs images in a registry with simple signing; returns the signature files written. */
  sign(images: string[], opts: SignOptions, signal?: AbortSignal): Promise<string[]>;
}
