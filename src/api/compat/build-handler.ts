/**
 * POST /build: Docker's classic builder API. The body is the context as a tar (optionally
 * compressed); the output is Docker's JSON stream (`{"stream": …}` lines, `{"aux": {"ID": …}}`,
 * "Successfully built/tagged", or an `{"error": …}` line when the build fails). /libpod/build is
 * the same without Docker's "Successfully …" lines (the builder's own output says what it did).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { ApiRequest } from "../api-request.ts";
import type { BuildOptions } from "../../domain/build-engine.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool } from "../api-params.ts";
import { JsonProgress } from "./json-progress.ts";

/** A JSON object of strings in a query parameter (buildargs, labels); null values are dropped. */
function qStringMap(q: URLSearchParams, name: string): Record<string, string> {
  const raw = q.get(name);
  if (raw === null || raw.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw exactError("invalid_argument", `invalid ${name} ${JSON.stringify(raw)}: not JSON`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw exactError("invalid_argument", `invalid ${name}: expected a JSON object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === null) continue;
    if (typeof x !== "string") throw exactError("invalid_argument", `invalid ${name}: the value of ${JSON.stringify(k)} is not a string`);
    out[k] = x;
  }
  return out;
}

function platformOf(v: string | null): BuildOptions["platform"] {
  if (!v) return undefined;
  const [os_, arch, variant] = v.split("/");
  return { os: os_ || undefined, arch: arch || undefined, variant: variant || undefined };
}

/** Query parameters → build options (the context path is filled in by the caller). */
export function buildOptionsFromQuery(q: URLSearchParams): Omit<BuildOptions, "context"> {
  if (q.get("remote")) throw exactError("not_implemented", "remote build contexts are not supported: send the context as a tar body");
  const dockerfile = q.get("dockerfile") || undefined;
  if (dockerfile && /^https?:\/\//.test(dockerfile)) throw exactError("invalid_argument", "dockerfile must be a path inside the build context");
  const network = q.get("networkmode");
  // libpod takes the policy words in `pullpolicy` (Podman's client), Docker a boolean `pull`
  const pull = q.get("pullpolicy") ?? q.get("pull");
  const tags = q.getAll("t").flatMap((t) => t.split(",")).filter(Boolean);
  return {
    containerfile: dockerfile ? { path: dockerfile } : undefined,
    containerfileInContext: true,
    tags,
    buildArgs: qStringMap(q, "buildargs"),
    buildArgsFromEnv: [],
    target: q.get("target") || undefined,
    noCache: qBool(q, "nocache"),
    // Docker's pull=1 always pulls; Podman also takes its policy words
    pull: pull && ["always", "missing", "never", "newer"].includes(pull) ? (pull as BuildOptions["pull"]) : qBool(q, "pull") ? "always" : "missing",
    squash: qBool(q, "squash"),
    squashAll: false,
    labels: qStringMap(q, "labels"),
    annotations: {},
    format: "docker",
    quiet: qBool(q, "q"),
    network: !network || network === "default" ? undefined : network,
    secrets: {},
    volumes: [],
    env: [],
    unsetenv: [],
    platform: platformOf(q.get("platform")),
  };
}

/**
 * Checks that the body is a (possibly compressed) tar. Docker's CLI appends the Dockerfile of `-f`
 * outside the context without padding the last entry or writing the end-of-archive blocks (Go's
 * reader accepts that): a plain tar is padded.
 */
function checkContextTar(file: string): void {
  const size = fs.statSync(file).size;
  if (size === 0) throw exactError("invalid_argument", "the build context is empty: send it as a tar body");
  const fd = fs.openSync(file, "r+");
  try {
    const head = Buffer.alloc(6);
    fs.readSync(fd, head, 0, 6, 0);
    const compressed =
      (head[0] === 0x1f && head[1] === 0x8b) || head.toString("hex").startsWith("28b52ffd") || head.toString("latin1").startsWith("BZh") || head.toString("hex") === "fd377a585a00";
    if (compressed) return;
    const magic = Buffer.alloc(5);
    fs.readSync(fd, magic, 0, 5, 257);
    if (size < 512 || magic.toString("latin1") !== "ustar") throw exactError("invalid_argument", "the build context is not a tar archive (nor a compressed one)");
    if (size % 512 !== 0) fs.ftruncateSync(fd, Math.ceil(size / 512) * 512 + 1024);
  } finally {
    fs.closeSync(fd);
  }
}

export async function build(r: ApiRequest): Promise<void> {
  const opts = buildOptionsFromQuery(r.query);
  // libpod's default is OCI, as the CLI's (outputformat: a manifest media type)
  if (r.libpod) opts.format = (r.query.get("outputformat") ?? "").includes("docker") ? "docker" : "oci";
  // rm / forcerm: intermediate containers never outlive their step here
  qBool(r.query, "rm", true);
  qBool(r.query, "forcerm");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-api-build-"));
  try {
    const file = path.join(dir, "context.tar");
    await pipeline(Readable.from(r.bodyStream()), fs.createWriteStream(file), { signal: r.signal });
    checkContextTar(file);
    const progress = new JsonProgress(r);
    const text = (d: string | Uint8Array) => (typeof d === "string" ? d : Buffer.from(d).toString("utf8"));
    const io = { stdout: (d: string | Uint8Array) => progress.send({ stream: text(d) }), stderr: (d: string | Uint8Array) => progress.send({ stream: text(d) }) };
    const result = await progress.run(() => r.engines.builds.build({ ...opts, context: file }, opts.quiet ? { stdout: () => {}, stderr: () => {} } : io, r.signal));
    if (result) {
      const id = result.id.replace(/^sha256:/, "");
      progress.send({ aux: { ID: `sha256:${id}` } });
      if (opts.quiet) progress.send({ stream: `sha256:${id}\n` });
      else if (!r.libpod) {
        progress.send({ stream: `Successfully built ${id.slice(0, 12)}\n` });
        for (const t of opts.tags) progress.send({ stream: `Successfully tagged ${/:[^/]*$/.test(t) ? t : `${t}:latest`}\n` });
      }
    }
    await progress.end();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** POST /build/prune: tspod keeps no build cache apart from images (`image prune` removes those). */
export async function prune(r: ApiRequest): Promise<void> {
  qBool(r.query, "all");
  r.reply.json(200, { CachesDeleted: [], SpaceReclaimed: 0 });
}
