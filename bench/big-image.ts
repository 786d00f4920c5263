// Builds (once, cached) a multi-layer image of 100+ MB for the cold-pull benchmark and pushes it
// to a registry with skopeo:
//
//   bun bench/big-image.ts HOST:PORT      → pushes HOST:PORT/bench-big:latest, prints the reference
//
// 6 gzip layers, each: two 8 MiB random files (incompressible), a 6 MiB text file (compressible)
// and 300 small random files in nested directories — about 130 MB unpacked, ~100 MB compressed.
// The OCI layout lives in .cache/bench/big (delete it to rebuild).

import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = resolve(import.meta.dir, "..");
const LAYOUT = join(ROOT, ".cache/bench/big");
const LAYERS = 6;

function sha(data: Uint8Array): string {
  return "sha256:" + createHash("sha256").update(data).digest("hex");
}

function writeBlob(data: Uint8Array): { digest: string; size: number } {
  const digest = sha(data);
  writeFileSync(join(LAYOUT, "blobs/sha256", digest.slice(7)), data);
  return { digest, size: data.length };
}

function run(cmd: string[], cwd?: string): Uint8Array {
  const r = Bun.spawnSync({ cmd, cwd, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${cmd.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout;
}

function layerTar(i: number): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "bench-layer-"));
  try {
    const base = join(dir, `layer${i}`);
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, "random-a.bin"), randomBytes(8 << 20));
    writeFileSync(join(base, "random-b.bin"), randomBytes(8 << 20));
    const words = Array.from({ length: 4000 }, (_, k) => `line ${k} of layer ${i}: ${randomBytes(24).toString("hex")}`).join("\n");
    writeFileSync(join(base, "text.txt"), words.repeat(Math.ceil((6 << 20) / words.length)).slice(0, 6 << 20));
    for (let d = 0; d < 10; d++) {
      mkdirSync(join(base, `d${d}`));
      for (let f = 0; f < 30; f++) writeFileSync(join(base, `d${d}`, `f${f}`), randomBytes(4096));
    }
    return run(["tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", "-", `layer${i}`], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function buildBigImage(): string {
  if (existsSync(join(LAYOUT, "index.json"))) return LAYOUT;
  rmSync(LAYOUT, { recursive: true, force: true });
  mkdirSync(join(LAYOUT, "blobs/sha256"), { recursive: true });
  const layers: { mediaType: string; digest: string; size: number }[] = [];
  const diffIds: string[] = [];
  for (let i = 0; i < LAYERS; i++) {
    const tar = layerTar(i);
    diffIds.push(sha(tar));
    layers.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...writeBlob(gzipSync(tar, { level: 6 })) });
  }
  const config = new TextEncoder().encode(JSON.stringify({
    created: "1970-01-01T00:00:00Z",
    architecture: "amd64",
    os: "linux",
    config: { Cmd: ["sh"], Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
    rootfs: { type: "layers", diff_ids: diffIds },
    history: diffIds.map((_, i) => ({ created: "1970-01-01T00:00:00Z", created_by: `bench layer ${i}` })),
  }));
  const manifest = new TextEncoder().encode(JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", ...writeBlob(config) },
    layers,
  }));
  const m = writeBlob(manifest);
  writeFileSync(join(LAYOUT, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(join(LAYOUT, "index.json"), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...m, annotations: { "org.opencontainers.image.ref.name": "latest" } }],
  }));
  return LAYOUT;
}

export function pushBigImage(host: string): string {
  const layout = buildBigImage();
  const policy = join(layout, "..", "policy.json");
  writeFileSync(policy, JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
  const ref = `${host}/bench-big:latest`;
  run(["skopeo", "--policy", policy, "copy", "--quiet", "--dest-tls-verify=false", "--dest-no-creds", `oci:${layout}:latest`, `docker://${ref}`]);
  return ref;
}

if (import.meta.main) {
  const host = process.argv[2];
  if (!host) {
    console.error("usage: bun bench/big-image.ts HOST:PORT");
    process.exit(2);
  }
  console.log(pushBigImage(host));
}
