/**
 * Validating parsers for manifests, indexes and configs from registries (untrusted JSON), and
 * platform selection from a manifest list / OCI index.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { isDigest } from "../util/digest.ts";
import { MEDIA_TYPES, type OciDescriptor, type OciImageConfig, type OciIndex, type OciManifest, type OciPlatform } from "./image-types.ts";

export type ParsedManifest = { kind: "manifest"; manifest: OciManifest } | { kind: "index"; index: OciIndex };

function bad(msg: string): TspodError {
  return new TspodError("registry", `invalid manifest: ${msg}`);
}

function descriptor(d: unknown, what: string): OciDescriptor {
  const o = d as Partial<OciDescriptor> | null;
  if (!o || typeof o !== "object") throw bad(`${what} is not an object`);
  if (typeof o.digest !== "string" || !isDigest(o.digest)) throw bad(`${what} has an unsupported digest ${JSON.stringify(o.digest)}`);
  if (typeof o.size !== "number" || !Number.isSafeInteger(o.size) || o.size < 0) throw bad(`${what} has an invalid size`);
  if (typeof o.mediaType !== "string") throw bad(`${what} has no media type`);
  return o as OciDescriptor;
}

/** Parses manifest bytes given the media type the registry reported. */
export function parseManifest(bytes: Uint8Array, mediaType: string): ParsedManifest {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw bad("not JSON");
  }
  if (!j || typeof j !== "object") throw bad("not an object");
  if (j.schemaVersion === 1 || /signed\+json|distribution\.manifest\.v1/.test(mediaType)) {
    throw new TspodError("registry", "Docker schema 1 manifests are not supported (image is too old; re-push it with schema 2)");
  }
  if (j.schemaVersion !== 2) throw bad(`unsupported schemaVersion ${JSON.stringify(j.schemaVersion)}`);
  const isIndex = mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList || (Array.isArray(j.manifests) && !j.config);
  if (isIndex) {
    if (!Array.isArray(j.manifests)) throw bad("index without manifests");
    const manifests = j.manifests.map((m, i) => descriptor(m, `manifests[${i}]`));
    return { kind: "index", index: { ...(j as object), schemaVersion: 2, manifests } as OciIndex };
  }
  if (!Array.isArray(j.layers)) throw bad("manifest without layers");
  const config = descriptor(j.config, "config");
  const layers = j.layers.map((l, i) => descriptor(l, `layers[${i}]`));
  return { kind: "manifest", manifest: { ...(j as object), schemaVersion: 2, config, layers } as OciManifest };
}

/** The host platform in OCI terms (`amd64`, `arm64` + `v8`, …). */
export function hostPlatform(arch: string = process.arch): OciPlatform {
  const map: Record<string, OciPlatform> = {
    x64: { os: "linux", architecture: "amd64" },
    arm64: { os: "linux", architecture: "arm64", variant: "v8" },
    arm: { os: "linux", architecture: "arm", variant: "v7" },
    ia32: { os: "linux", architecture: "386" },
    ppc64: { os: "linux", architecture: "ppc64le" },
    s390x: { os: "linux", architecture: "s390x" },
    riscv64: { os: "linux", architecture: "riscv64" },
  };
  return map[arch] ?? { os: "linux", architecture: arch };
}

/** Picks the manifest for `want` from an index: exact variant first, then any variant of the arch. */
export function selectPlatform(index: OciIndex, want: OciPlatform): OciDescriptor {
  const usable = index.manifests.filter((m) => m.platform && m.platform.os === want.os && m.platform.architecture === want.architecture);
  const exact = usable.find((m) => (m.platform!.variant ?? "") === (want.variant ?? ""));
  const pick = exact ?? usable.find((m) => !m.platform!.variant) ?? usable[0];
  if (!pick) {
    const have = index.manifests.map((m) => (m.platform ? `${m.platform.os}/${m.platform.architecture}${m.platform.variant ? "/" + m.platform.variant : ""}` : "unknown")).join(", ");
    const wantS = `${want.os}/${want.architecture}${want.variant ? "/" + want.variant : ""}`;
    throw new TspodError("manifest_unknown", `choosing an image from manifest list: no image found in manifest list for architecture ${wantS} (have ${have || "none"})`);
  }
  return pick;
}

/** Parses and sanity-checks an image config against its manifest's layer count. */
export function parseImageConfig(bytes: Uint8Array, layerCount: number): OciImageConfig {
  let c: OciImageConfig;
  try {
    c = JSON.parse(new TextDecoder().decode(bytes)) as OciImageConfig;
  } catch {
    throw new TspodError("registry", "invalid image config: not JSON");
  }
  if (!c || typeof c !== "object" || !c.rootfs || !Array.isArray(c.rootfs.diff_ids)) throw new TspodError("registry", "invalid image config: no rootfs.diff_ids");
  for (const d of c.rootfs.diff_ids) if (typeof d !== "string" || !isDigest(d)) throw new TspodError("registry", `invalid image config: unsupported diff_id ${JSON.stringify(d)}`);
  if (c.rootfs.diff_ids.length !== layerCount) {
    throw new TspodError("registry", `invalid image: config lists ${c.rootfs.diff_ids.length} diff_ids but the manifest has ${layerCount} layers`);
  }
  return c;
}
