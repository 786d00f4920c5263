/** BuildEngine over the local store: the build/ executor with pulls through the image engine. */
import type { BuildEngine, BuildIo, BuildOptions } from "../domain/build-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { BuildExecutor, type ResolvedBuildOptions } from "../build/build-executor.ts";
import { sweepStaleStepDirs } from "../build/build-rootfs.ts";
import { sweepStaleRuns } from "../build/build-run.ts";
import { processAlive } from "../util/process-alive.ts";
import { ensureImage } from "./ensure-image.ts";
import { emitImageEvent } from "../engine/events/container-events.ts";
import { openContext } from "../build/build-context-source.ts";
import { TspodError } from "../errors/tspod-error.ts";
import fs from "node:fs";
import path from "node:path";

export class LocalBuildEngine implements BuildEngine {
  constructor(private readonly rt: Runtime) {}

  async build(opts: BuildOptions, io: BuildIo, signal?: AbortSignal): Promise<{ id: string }> {
    await sweepStaleRuns(this.rt, processAlive);
    sweepStaleStepDirs(this.rt.settings.root, processAlive);
    const resolve = (ref: string, platform?: string) => {
      const [os, arch, variant] = (platform ?? "").split("/");
      const plat = platform ? { os: os || undefined, arch: arch || undefined, variant: variant || undefined } : opts.platform;
      return ensureImage(this.rt, ref, { policy: opts.pull, tlsVerify: opts.tlsVerify, platform: plat, creds: opts.creds, authfile: opts.authfile, certDir: opts.certDir }, opts.quiet ? undefined : (line) => io.stdout(line + "\n"), signal);
    };
    const ctx = await openContext(opts.context, undefined, signal);
    try {
      const buildArgs = { ...opts.buildArgs };
      for (const name of opts.buildArgsFromEnv) {
        const v = this.rt.settings.env[name];
        if (v !== undefined) buildArgs[name] = v;
      }
      const given = opts.containerfile && "path" in opts.containerfile && /^https?:\/\//.test(opts.containerfile.path) ? { text: await fetchText(opts.containerfile.path, signal) } : opts.containerfile;
      const defaultName = fs.existsSync(path.join(ctx.dir, "Containerfile")) ? "Containerfile" : "Dockerfile";
      const inContext = opts.containerfileInContext && !(given && "text" in given) ? { path: containerfileInContext(ctx.dir, given?.path ?? defaultName) } : undefined;
      let containerfile = inContext ?? (ctx.containerfileText !== undefined && !given ? { text: ctx.containerfileText } : findContainerfile(given, ctx.dir));
      if (opts.moreContainerfiles?.length) {
        const parts = [containerfile, ...opts.moreContainerfiles.map((f) => findContainerfile({ path: f }, ctx.dir))];
        containerfile = { text: parts.map((p) => ("text" in p ? p.text : readText(p.path))).join("\n") };
      }
      const env = this.rt.settings.env;
      const envFormat = env.BUILDAH_FORMAT?.toLowerCase();
      const format = opts.format ?? (envFormat === "docker" ? "docker" : "oci");
      const layers = opts.layers ?? (env.BUILDAH_LAYERS !== undefined ? !["false", "0"].includes(env.BUILDAH_LAYERS.toLowerCase()) : true);
      const resolved: ResolvedBuildOptions = { ...opts, context: ctx.dir, containerfile, buildArgs, format, layers };
      const id = await new BuildExecutor(this.rt, resolved, io, resolve, signal).run();
      emitImageEvent(this.rt, "build", { id, name: this.rt.images.get(id)?.names[0] ?? id });
      return { id };
    } finally {
      ctx.cleanup();
    }
  }
}

/** `-f` as given (relative to the working dir, else to the context), or the context's Containerfile/Dockerfile. */
function findContainerfile(given: BuildOptions["containerfile"], contextDir: string): { path: string } | { text: string } {
  if (given && "text" in given) return given;
  if (given) {
    if (fs.existsSync(given.path) || path.isAbsolute(given.path)) return given;
    const inContext = path.join(contextDir, given.path);
    if (fs.existsSync(inContext)) return { path: inContext };
    throw new TspodError("no_such_file", `stat ${inContext}: no such file or directory`.replace(/: no such file or directory$/, ""));
  }
  for (const name of ["Containerfile", "Dockerfile"]) {
    const p = path.join(contextDir, name);
    if (fs.existsSync(p)) return { path: p };
  }
  throw new TspodError("no_such_file", `no Containerfile or Dockerfile specified or found in context directory, ${contextDir}`);
}


/** A Containerfile path relative to the context (API builds): symlinks and `..` must stay inside it. */
function containerfileInContext(contextDir: string, rel: string): string {
  const root = fs.realpathSync(contextDir);
  let real: string;
  try {
    real = fs.realpathSync(path.join(root, path.join("/", rel)));
  } catch {
    throw new TspodError("no_such_file", `Cannot locate specified Dockerfile: ${rel}`);
  }
  if (real !== root && !real.startsWith(root + path.sep)) throw new TspodError("invalid_argument", `the Dockerfile ${rel} must be within the build context`);
  return real;
}

/** `-f URL`: the Containerfile downloaded. */
async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    throw new TspodError("no_such_file", `downloading ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new TspodError("no_such_file", `downloading ${url}: invalid response status ${res.status}`);
  return res.text();
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new TspodError("no_such_file", `reading ${file}: ${(err as Error).message}`);
  }
}
