/**
 * `image sign`: simple signing of images in a registry. Fetches the manifest the reference
 * points to, signs {reference, manifest digest} with GnuPG and stores the signature in the
 * lookaside layout `<dir>/<repository>@sha256=<hex>/signature-<n>`.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { gpgSign } from "../util/gpg.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";
import { RegistryClient } from "./registry-client.ts";
import { parseReference } from "./reference.ts";
import { parseManifest } from "./manifest.ts";
import { createPayload } from "./signature-payload.ts";
import { storageFor, writeLookasideSignature, type RegistriesD } from "./signature-storage.ts";

export interface SignImageOptions {
  signBy: string;
  gnupgHome: string;
  registries: RegistriesConf;
  registriesD: RegistriesD;
  /** `-d`: overrides registries.d and the default directory. */
  directory?: string;
  defaultDirectory: string;
  certDir?: string;
  tlsVerify?: boolean;
  /** `--all`: also sign every instance of a manifest list. */
  all?: boolean;
  signal?: AbortSignal;
}

export async function signImage(image: string, opts: SignImageOptions): Promise<string[]> {
  if (!opts.signBy) throw new TspodError("invalid_argument", "no identity provided");
  const name = image.replace(/^docker:\/\//, "");
  if (/^[a-z-]+:(?!\d)/.test(name) && !image.startsWith("docker://") && name.includes(":/")) {
    throw new TspodError("invalid_argument", `${image} is not a docker transport reference`);
  }
  const ref = parseReference(name);
  if (ref.isShortName) throw new TspodError("invalid_argument", `${image}: a fully qualified docker reference is needed to sign`);
  const client = new RegistryClient({
    registry: ref.registry,
    tlsVerify: opts.tlsVerify,
    insecure: opts.registries.isInsecure(ref.registry),
    certDir: opts.certDir,
  });
  const top = await client.getManifest(ref.repository, ref.tagOrDigest, opts.signal);
  const digests = [top.digest];
  const parsed = parseManifest(top.bytes, top.mediaType);
  if (opts.all && parsed.kind === "index") digests.push(...parsed.index.manifests.map((m) => m.digest));
  let dir = opts.directory;
  if (!dir) {
    const st = storageFor(opts.registriesD, ref);
    const loc = st.lookasideStaging ?? st.lookaside;
    if (loc && !loc.startsWith("file://")) throw new TspodError("invalid_argument", `writing signatures to ${loc} is not supported (only file:// locations)`);
    dir = loc ?? opts.defaultDirectory;
  }
  const written: string[] = [];
  for (const digest of digests) {
    const sig = await gpgSign(createPayload({ dockerReference: ref.toString(), manifestDigest: digest }), opts.signBy, opts.gnupgHome, opts.signal);
    written.push(writeLookasideSignature(dir, ref, digest, sig));
  }
  return written;
}
