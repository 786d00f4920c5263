/** `pull --all-tags`: list the repository's tags and pull each of them. */
import { TspodError } from "../errors/tspod-error.ts";
import { RegistryClient } from "./registry-client.ts";
import { resolveShortName } from "./reference.ts";
import { pullImage, type PullOptions } from "./pull.ts";
import type { ImageRecord } from "./image-types.ts";

export async function pullAllTags(name: string, opts: PullOptions): Promise<ImageRecord[]> {
  const candidates = resolveShortName(name, opts.registries, { interactive: opts.interactive });
  const ref = candidates[0]!;
  if (/:[^/]+$/.test(name) || name.includes("@")) {
    throw new TspodError("invalid_argument", `tag can't be used with --all-tags/-a`);
  }
  const client = new RegistryClient({
    registry: ref.registry,
    tlsVerify: opts.tlsVerify,
    insecure: opts.registries.isInsecure(ref.registry),
    certDir: opts.certDir,
    credentials: opts.credentials,
  });
  const tags = await client.listTags(ref.repository, opts.signal);
  if (tags.length === 0) throw new TspodError("manifest_unknown", `${ref.name} has no tags`);
  const out: ImageRecord[] = [];
  for (const tag of tags) out.push(await pullImage(ref.withTag(tag).toString(), opts));
  return out;
}
