/**
 * `pull`: resolve the name (short names through registries.conf), fetch the manifest (choosing
 * the host platform from a list/index), the config and the layers (verified, in parallel), unpack
 * each layer once, and record the image. Progress is reported as typed events.
 */
import { TspodError, asTspodError, exactError, type ErrorCode } from "../errors/tspod-error.ts";
import { DEFAULT_REGISTRIES_CONF, type RegistriesConf } from "../config/registries-conf.ts";
import type { Credentials } from "./registry-auth.ts";
import { RegistryClient } from "./registry-client.ts";
import { ImageStore } from "./image-store.ts";
import { hostPlatform, parseImageConfig, parseManifest, selectPlatform } from "./manifest.ts";
import { ImageReference, resolveShortName } from "./reference.ts";
import type { ImageRecord, OciDescriptor, OciPlatform } from "./image-types.ts";
import type { PolicyFile } from "./policy.ts";
import type { RegistriesD } from "./signature-storage.ts";
import { checkPolicy } from "./policy-evaluate.ts";

export type PullEvent =
  | { type: "trying"; reference: string }
  | { type: "resolved-platform"; digest: string; platform: OciPlatform }
  | { type: "getting-signatures" }
  | { type: "blob-progress"; digest: string; bytes: number; total: number }
  | { type: "blob"; digest: string; status: "done" | "skipped" }
  | { type: "config"; digest: string }
  | { type: "writing-manifest" }
  | { type: "storing-signatures" }
  | { type: "pulled"; id: string; reference: string };

export interface PullOptions {
  root: string;
  registries: RegistriesConf;
  tlsVerify?: boolean;
  certDir?: string;
  credentials?: Credentials;
  /** Per-source credentials (auth.json), used when `credentials` is not given. */
  credentialsFor?: (registry: string, repository: string) => Credentials | undefined;
  signal?: AbortSignal;
  onEvent?: (e: PullEvent) => void;
  /** Platform to select from manifest lists (default: this host). */
  platform?: OciPlatform;
  /** Parallel layer downloads (default 3). */
  parallel?: number;
  /** Use an already open store (else one is opened and closed). */
  store?: ImageStore;
  /** Caller can prompt (TTY): allows several short-name candidates in enforcing mode. */
  interactive?: boolean;
  /** Signature policy to enforce (policy.json); none: accept anything. */
  policy?: PolicyFile;
  /** Loads registries.d (signature storage) when the policy needs signatures. */
  registriesD?: () => Promise<RegistriesD>;
}

/** Errors after which the next short-name candidate (or mirror) is tried. */
const TRY_NEXT: ErrorCode[] = ["image_rejected", "manifest_unknown", "unauthorized", "registry_unreachable", "registry", "blocked_registry"];

export async function pullImage(ref: string, opts: PullOptions): Promise<ImageRecord> {
  const candidates = resolveShortName(ref, opts.registries, { interactive: opts.interactive });
  const store = opts.store ?? new ImageStore(opts.root);
  try {
    const errors: { ref: ImageReference; err: TspodError }[] = [];
    for (const cand of candidates) {
      opts.onEvent?.({ type: "trying", reference: cand.toString() });
      try {
        return await pullFromSources(cand, store, opts);
      } catch (e) {
        const err = asTspodError(e);
        if (opts.signal?.aborted || !TRY_NEXT.includes(err.code)) throw err;
        errors.push({ ref: cand, err });
      }
    }
    if (errors.length === 1) throw errors[0]!.err;
    const last = errors[errors.length - 1]!.err;
    const detail = errors.map((e) => (e.err.message.startsWith("initializing source ") ? e.err.message : `initializing source docker://${e.ref.toString()}: ${e.err.message}`)).join("; ");
    const combined = new TspodError(last.code, undefined, last);
    Object.defineProperty(combined, "message", { value: `${errors.length} errors occurred while pulling: ${detail}` });
    throw combined;
  } finally {
    if (!opts.store) store.close();
  }
}

interface Source {
  registry: string;
  repository: string;
  insecure: boolean;
}

/** The mirrors (if any apply) then the primary location, after registries.conf rewriting. */
function sourcesFor(ref: ImageReference, conf: RegistriesConf): Source[] {
  const match = conf.registryFor(ref.name);
  if (match?.entry.blocked) {
    // Podman: "initializing source docker://R: registry P is blocked in <registries.conf> or <drop-in dir>"
    const where = conf.sources.length ? conf.sources.join(" or ") : DEFAULT_REGISTRIES_CONF;
    throw exactError("blocked_registry", `initializing source docker://${ref.toString()}: registry ${match.entry.prefix} is blocked in ${where}`);
  }
  const split = (name: string, insecure: boolean): Source => {
    const i = name.indexOf("/");
    return { registry: name.slice(0, i), repository: name.slice(i + 1), insecure };
  };
  const sources: Source[] = [];
  if (match) {
    const rest = ref.name.slice(match.entry.prefix.startsWith("*.") ? ref.name.length : match.entry.prefix.length);
    for (const m of match.entry.mirrors) {
      if (m.pullFromMirror === "digest-only" && !ref.digest) continue;
      if (m.pullFromMirror === "tag-only" && ref.digest) continue;
      if (m.location) sources.push(split(m.location + rest, m.insecure || conf.isInsecure(m.location.split("/")[0]!)));
    }
    sources.push(split(match.rewrittenName, match.entry.insecure));
  } else {
    sources.push({ registry: ref.registry, repository: ref.repository, insecure: conf.isInsecure(ref.registry) });
  }
  return sources;
}

async function pullFromSources(ref: ImageReference, store: ImageStore, opts: PullOptions): Promise<ImageRecord> {
  const sources = sourcesFor(ref, opts.registries);
  let lastErr: TspodError | undefined;
  for (const src of sources) {
    try {
      // A concurrent `rmi` may collect a layer or blob this pull was about to use: pull again.
      for (let attempt = 0; ; attempt++) {
        try {
          return await pullOne(ref, src, store, opts);
        } catch (e) {
          const code = asTspodError(e).code;
          const vanished = code === "layer_gone" || code === "no_such_object" || (e as NodeJS.ErrnoException).code === "ENOENT";
          if (attempt >= 3 || opts.signal?.aborted || !vanished) throw e;
        }
      }
    } catch (e) {
      const err = asTspodError(e);
      if (opts.signal?.aborted || !TRY_NEXT.includes(err.code)) throw err;
      lastErr = err;
    }
  }
  throw lastErr!;
}

async function pullOne(ref: ImageReference, src: Source, store: ImageStore, opts: PullOptions): Promise<ImageRecord> {
  const { signal, onEvent } = opts;
  const client = new RegistryClient({
    registry: src.registry,
    tlsVerify: opts.tlsVerify,
    insecure: src.insecure,
    certDir: opts.certDir,
    credentials: opts.credentials ?? opts.credentialsFor?.(src.registry, src.repository),
  });
  const repo = src.repository;
  store.blobs.sweepStale();
  store.layers.sweepStale();
  const top = await client.getManifest(repo, ref.tagOrDigest, signal);
  let current = top;
  let parsed = parseManifest(top.bytes, top.mediaType);
  if (parsed.kind === "index") {
    const want = opts.platform ?? hostPlatform();
    const desc = selectPlatform(parsed.index, want);
    current = await client.getManifest(repo, desc.digest, signal);
    parsed = parseManifest(current.bytes, current.mediaType);
    if (parsed.kind !== "manifest") throw new TspodError("registry", `manifest list entry ${desc.digest} is itself a list`);
    onEvent?.({ type: "resolved-platform", digest: desc.digest, platform: desc.platform ?? want });
  }
  const manifest = parsed.manifest;
  if (opts.policy) {
    await checkPolicy({
      policy: opts.policy,
      registriesD: opts.registriesD ?? (async () => ({ docker: {} })),
      ref,
      client,
      repository: repo,
      manifestDigest: top.digest,
      signal,
    });
  }
  onEvent?.({ type: "getting-signatures" });

  // Config first: it names the diff_ids the layers must unpack to.
  const cfgDesc = manifest.config;
  if (!store.blobs.has(cfgDesc.digest)) {
    const blob = await client.getBlob(repo, cfgDesc.digest, signal);
    await store.blobs.ingest(blob.body, { digest: cfgDesc.digest, size: cfgDesc.size }, { signal });
  }
  const config = parseImageConfig(store.blobs.readBytes(cfgDesc.digest), manifest.layers.length);
  const diffIds = config.rootfs.diff_ids;

  const sizes: number[] = new Array(manifest.layers.length).fill(0);
  await forEachLimit(manifest.layers, opts.parallel ?? 3, signal, async (layer, i) => {
    const diffId = diffIds[i]!;
    const existing = store.layers.info(diffId);
    if (existing) {
      sizes[i] = existing.size;
      onEvent?.({ type: "blob", digest: layer.digest, status: "skipped" });
      return;
    }
    let r;
    if (store.blobs.has(layer.digest)) {
      r = await store.layers.unpack(store.blobs.path(layer.digest), diffId, { signal, compressedDigest: layer.digest });
    } else {
      r = await downloadAndUnpack(client, repo, layer, diffId, store, opts);
    }
    sizes[i] = r.size;
    onEvent?.({ type: "blob", digest: layer.digest, status: "done" });
  });
  onEvent?.({ type: "config", digest: cfgDesc.digest });

  onEvent?.({ type: "writing-manifest" });
  await store.blobs.put(current.bytes, { digest: current.digest, size: current.bytes.length });
  if (top !== current) await store.blobs.put(top.bytes, { digest: top.digest, size: top.bytes.length });
  const digests = [`${ref.name}@${top.digest}`];
  if (top !== current) digests.push(`${ref.name}@${current.digest}`);
  const record = store.add({
    id: cfgDesc.digest.slice(7),
    names: ref.digest ? [] : [ref.toString()],
    digests,
    manifestDigest: top.digest,
    manifestMediaType: top.mediaType,
    configDigest: cfgDesc.digest,
    diffIds,
    created: typeof config.created === "string" && config.created ? config.created : new Date().toISOString(),
    size: sizes.reduce((a, b) => a + b, 0),
    pulledAt: Date.now(),
  });
  onEvent?.({ type: "storing-signatures" });
  onEvent?.({ type: "pulled", id: record.id, reference: ref.toString() });
  return record;
}

/**
 * Streams a layer from the registry into the blob store (size and digest verified) and, at the
 * same time, through the decompressor into the layer store; the layer is committed only after
 * both its diff_id and its compressed digest matched.
 */
async function downloadAndUnpack(client: RegistryClient, repo: string, layer: OciDescriptor, diffId: string, store: ImageStore, opts: PullOptions) {
  const { signal, onEvent } = opts;
  const blob = await client.getBlob(repo, layer.digest, signal);
  if (blob.size !== undefined && blob.size !== layer.size) {
    await blob.body.cancel().catch(() => {});
    throw new TspodError("digest_mismatch", `blob ${layer.digest}: registry declared ${blob.size} bytes, the manifest says ${layer.size}`);
  }
  const through = store.blobs.ingestThrough(blob.body, { digest: layer.digest, size: layer.size }, {
    signal,
    onProgress: (bytes) => onEvent?.({ type: "blob-progress", digest: layer.digest, bytes, total: layer.size }),
  });
  try {
    // the compressed digest is checked (finish) before the unpacked layer is committed
    return await store.layers.unpackStream(through.chunks, diffId, { signal, compressedDigest: layer.digest, beforeCommit: () => through.finish() });
  } catch (err) {
    const e = asTspodError(err);
    if (e.code !== "internal") throw e;
    const msg = e.message.replace(/\. For more information, pass `verbose: true`.*$/, "");
    throw new TspodError("registry", `reading blob ${layer.digest}: ${msg}`, err);
  } finally {
    await through.abort();
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; the first failure aborts the rest. */
async function forEachLimit<T>(items: T[], limit: number, signal: AbortSignal | undefined, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < items.length) {
      signal?.throwIfAborted();
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed ??= err;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
  const rejected = results.find((r) => r.status === "rejected");
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}
