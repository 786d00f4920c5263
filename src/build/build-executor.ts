/**
 * Runs a Containerfile the way Buildah does with `--layers`: every step of every stage becomes
 * an (unnamed) intermediate image, looked up first in the layer cache; Podman's progress lines
 * (`[1/2] STEP 1/3: FROM …`, `--> Using cache …`, `--> 1234567890a`, `COMMIT name`) are printed;
 * the last step's image is finalised (labels, env, format, squash) and tagged.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { BuildIo, BuildOptions } from "../domain/build-engine.ts";
import type { ImageRecord, OciContainerConfig, OciHistory } from "../image/image-types.ts";
import { parseReference } from "../image/reference.ts";
import { parseContainerfile, type Instruction } from "./containerfile-parse.ts";
import { planStages, fromImage, type Stage } from "./build-stages.ts";
import { expandWord, expandWords, type VarLookup } from "./shell-expand.ts";
import { BuildCache } from "./build-cache.ts";
import { commitStep, type ImageFormat } from "./build-commit.ts";
import { StepRootfs } from "./build-rootfs.ts";
import { parseIgnoreFile, type IgnorePattern } from "./ignore-patterns.ts";
import { StepRunner } from "./build-step-runner.ts";
import { finalizeImage } from "./build-finalize.ts";
import { DEFAULT_PATH } from "./build-run.ts";

/** Build options with the environment's defaults applied. */
export type ResolvedBuildOptions = BuildOptions & { format: "oci" | "docker"; layers: boolean };

/** Finds or pulls an image for FROM / COPY --from. */
export type ImageResolver = (ref: string, platform?: string) => Promise<ImageRecord>;

const PROXY_ARGS = ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"].flatMap((a) => [a, a.toLowerCase()]);
const PLATFORM_ARGS: Record<string, string> = { TARGETPLATFORM: "linux/amd64", TARGETOS: "linux", TARGETARCH: "amd64", TARGETVARIANT: "", BUILDPLATFORM: "linux/amd64", BUILDOS: "linux", BUILDARCH: "amd64", BUILDVARIANT: "" };

export interface StageState {
  stage: Stage;
  image?: ImageRecord;
  config: OciContainerConfig;
  history: OciHistory[];
  shell: string[];
  author?: string;
  /** Declared ARGs of this stage with their values (undefined: declared without a value). */
  args: Map<string, string | undefined>;
  /** The history comment of the next commit (`FROM <base>` first, then `FROM <parent id>`). */
  comment?: string;
  /** Number of layers the stage started from (for --squash). */
  baseLayers: number;
  baseImage?: ImageRecord;
}

export class BuildExecutor {
  readonly cache: BuildCache;
  readonly ignore: IgnorePattern[];
  readonly usedArgs = new Set<string>();
  private readonly stageImages = new Map<string, ImageRecord | undefined>();
  /** ARGs declared before the first FROM: a stage's `ARG NAME` without a value takes these. */
  private readonly globals = new Map<string, string | undefined>();
  readonly escape: string;
  /** The final stage's base image and its layer count (for --squash). */
  finalBase?: ImageRecord;
  finalBaseLayers?: number;
  private warned = false;
  private readonly file: ReturnType<typeof parseContainerfile>;

  constructor(
    readonly rt: Runtime,
    readonly opts: ResolvedBuildOptions,
    readonly io: BuildIo,
    readonly resolveImage: ImageResolver,
    readonly signal?: AbortSignal,
  ) {
    this.cache = new BuildCache(rt.settings.root, rt.images, opts.timestamp ?? null);
    this.file = parseContainerfile(readContainerfile(opts));
    this.escape = this.file.escape;
    this.ignore = loadIgnore(opts);
    for (const t of opts.tags) parseReference(t);
  }

  say(line: string): void {
    if (!this.opts.quiet) this.io.stdout(line + "\n");
  }

  warn(msg: string): void {
    this.io.stderr(`WARN[0000] ${msg}\n`);
  }

  get format(): ImageFormat {
    return this.opts.format;
  }

  now(): string {
    return this.opts.timestamp !== undefined ? new Date(this.opts.timestamp * 1000).toISOString() : new Date().toISOString();
  }

  async run(): Promise<string> {
    const plan = planStages(this.file, this.opts.target);
    const globals = this.globals;
    for (const inst of plan.globalArgs) this.declareArgs(inst, globals, (n) => globals.get(n), false);
    const multi = plan.stages.length > 1;
    let final: ImageRecord | undefined;
    for (const stage of plan.stages) {
      const last = stage.index === plan.stages.length - 1;
      const prefix = multi ? `[${stage.index + 1}/${plan.stages.length}] ` : "";
      const total = stage.instructions.length + 1;
      const state = await this.from(stage, globals, `${prefix}STEP 1/${total}: `);
      if (last) {
        this.finalBase = state.baseImage;
        this.finalBaseLayers = state.baseLayers;
      }
      const runner = new StepRunner(this, state);
      for (const t of state.config.OnBuild ?? []) {
        for (const inst of parseContainerfile(t).instructions) await runner.execute(inst, false, () => {});
      }
      if (state.config.OnBuild?.length) state.config.OnBuild = null;
      try {
        for (const [i, inst] of stage.instructions.entries()) {
          this.say(`${prefix}STEP ${i + 2}/${total}: ${inst.original}`);
          const isLast = last && i === stage.instructions.length - 1;
          await runner.execute(inst, true, () => this.say(`${prefix}COMMIT${this.opts.tags[0] ? " " + this.opts.tags[0] : ""}`), isLast);
        }
        if (stage.instructions.length === 0) {
          // A stage that is only FROM: its image is the base (committed anew like Buildah does).
          if (last) this.say(`${prefix}COMMIT${this.opts.tags[0] ? " " + this.opts.tags[0] : ""}`);
          await runner.commitMetadataOnly(`/bin/sh -c #(nop) FROM ${fromImage(stage.from)}`, last);
        }
        await runner.finishStage(last);
      } catch (err) {
        runner.abort();
        throw err;
      }
      if (!this.opts.layers && !last && state.image) this.say(`--> ${state.image.id.slice(0, 11)}`);
      this.stageImages.set(String(stage.index), state.image);
      if (stage.name) this.stageImages.set(stage.name, state.image);
      if (last) final = state.image;
    }
    if (!final) throw new TspodError("internal", "the build produced no image");
    final = await finalizeImage(this, final);
    this.say(`--> ${final.id.slice(0, 11)}`);
    for (const t of this.opts.tags) {
      let ref = parseReference(t);
      if (ref.isShortName) ref = ref.withRegistry("localhost");
      this.rt.images.tag(final.id, ref.toString());
      this.say(`Successfully tagged ${ref.toString()}`);
    }
    const unused = Object.keys(this.opts.buildArgs).filter((a) => !this.usedArgs.has(a) && !PROXY_ARGS.includes(a));
    if (unused.length) this.warn(`one or more build args were not consumed: [${unused.sort().join(" ")}]`);
    return final.id;
  }

  /** Records ARG declarations into `args` (a build arg overrides the default). */
  declareArgs(inst: Instruction, args: Map<string, string | undefined>, lookup: VarLookup, inStage = true): string[] {
    const names: string[] = [];
    for (const w of expandWords(inst.rest, lookup, this.escape)) {
      const eq = w.indexOf("=");
      const name = eq < 0 ? w : w.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TspodError("invalid_argument", `ARG names can not be blank`);
      let value = eq < 0 ? undefined : w.slice(eq + 1);
      if (value === undefined && inStage && this.globals.has(name)) value = this.globals.get(name);
      if (name in this.opts.buildArgs) {
        value = this.opts.buildArgs[name];
        this.usedArgs.add(name);
      } else if (value === undefined && name in PLATFORM_ARGS) value = PLATFORM_ARGS[name];
      args.set(name, value);
      names.push(name);
    }
    if (names.length === 0) throw new TspodError("invalid_argument", "ARG requires exactly one argument");
    return names;
  }

  stageImage(nameOrIndex: string): { found: boolean; image?: ImageRecord } {
    const key = nameOrIndex.toLowerCase();
    return this.stageImages.has(key) ? { found: true, image: this.stageImages.get(key) } : { found: false };
  }

  private async from(stage: Stage, globals: Map<string, string | undefined>, stepPrefix: string): Promise<StageState> {
    const lookup: VarLookup = (n) => globals.get(n);
    const base = expandWord(fromImage(stage.from), lookup, this.escape);
    const asName = stage.name ? ` AS ${stage.from.rest.split(/\s+/)[2]}` : "";
    this.say(`${stepPrefix}FROM ${base}${asName}`);
    const platform = stage.from.flags.find((f) => f.startsWith("--platform="))?.slice(11);
    let image: ImageRecord | undefined;
    let comment: string | undefined;
    if (base === "scratch") image = undefined;
    else {
      const prior = this.stageImage(base);
      if (prior.found) {
        image = prior.image;
        comment = image ? image.id.slice(0, 12) : undefined;
      } else {
        image = await this.resolveImage(base, platform ? expandWord(platform, lookup, this.escape) : undefined);
        try {
          const r = parseReference(base);
          comment = r.isShortName ? (image.names[0] ?? base) : r.toString();
        } catch {
          comment = base;
        }
      }
    }
    const cfg = image ? this.rt.images.config(image) : undefined;
    const config: OciContainerConfig = structuredClone(cfg?.config ?? {});
    if (!config.Env?.some((e) => e.startsWith("PATH="))) config.Env = [DEFAULT_PATH, ...(config.Env ?? [])];
    return {
      stage,
      image,
      config,
      history: structuredClone(cfg?.history ?? []),
      shell: config.Shell?.length ? config.Shell : ["/bin/sh", "-c"],
      author: cfg?.author,
      args: new Map(),
      comment,
      baseLayers: image?.diffIds.length ?? 0,
      baseImage: image,
    };
  }

  /** Mounts `image` for reading (COPY --from, RUN --mount from=); released by the caller. */
  openRootfs(image: ImageRecord | undefined): StepRootfs {
    return StepRootfs.open(this.rt.settings.root, this.rt.images, image);
  }

  async commit(state: StageState, createdBy: string, key: unknown[] | undefined, layerDir: string | undefined, emptyLayer: boolean, last = false): Promise<ImageRecord> {
    const entry: OciHistory = { created: this.now(), created_by: createdBy, ...(state.comment ? { comment: `FROM ${state.comment}` } : {}), ...(emptyLayer ? { empty_layer: true } : {}) };
    const history = [...state.history, entry];
    const image = await commitStep(this.rt.images, {
      parent: state.image,
      config: last ? this.finalConfig(state.config) : state.config,
      history,
      layerDir,
      created: entry.created!,
      format: this.format,
      author: state.author,
      ...(last ? { annotations: this.opts.annotations } : {}),
    });
    if (key && this.opts.layers) this.cache.store(this.cache.key(last ? [...key, ...this.finalKeyParts()] : key), image.id);
    return image;
  }

  /** --layers=false: the stage's one commit; its steps' history entries are in `state.history`. */
  async commitStage(state: StageState, layerDir: string | undefined, last: boolean): Promise<ImageRecord> {
    const history = [...state.history];
    const lastEntry = history.at(-1)!;
    const { empty_layer: _, ...rest } = lastEntry;
    history[history.length - 1] = { ...(layerDir ? rest : lastEntry), ...(state.comment ? { comment: `FROM ${state.comment}` } : {}) };
    return commitStep(this.rt.images, {
      parent: state.image,
      config: last ? this.finalConfig(state.config) : state.config,
      history,
      layerDir,
      created: lastEntry.created ?? this.now(),
      format: this.format,
      author: state.author,
      ...(last ? { annotations: this.opts.annotations } : {}),
    });
  }

  /** What the last step's image depends on besides the step itself. */
  finalKeyParts(): unknown[] {
    const o = this.opts;
    return ["final", o.labels, o.env, o.unsetenv, o.annotations];
  }

  /**
   * The result image's config: `--label`, `--env`, `--unsetenv`, and for the OCI format without
   * HEALTHCHECK, SHELL and ONBUILD (with Podman's warnings, printed once).
   */
  finalConfig(cfg: OciContainerConfig): OciContainerConfig {
    const o = this.opts;
    const config = structuredClone(cfg);
    if (Object.keys(o.labels).length) config.Labels = { ...(config.Labels ?? {}), ...o.labels };
    if (o.env.length || o.unsetenv.length) {
      const env = new Map((config.Env ?? []).map((e) => [e.split("=")[0]!, e] as const));
      for (const e of o.env) {
        const eq = e.indexOf("=");
        if (eq > 0) env.set(e.slice(0, eq), e);
      }
      for (const u of o.unsetenv) env.delete(u);
      config.Env = [...env.values()];
    }
    if (o.format === "oci") {
      if (!this.warned) {
        this.warned = true;
        if (config.Healthcheck) this.warn("HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format");
        if (config.Shell) this.warn(`SHELL is not supported for OCI image format, [${config.Shell.join(" ")}] will be ignored. Must use \`docker\` format`);
        if (config.OnBuild?.length) this.warn(`ONBUILD is not supported for OCI image format, ${config.OnBuild.join(", ")} will be ignored. Must use \`docker\` format`);
      }
      delete config.Healthcheck;
      delete config.Shell;
      delete config.OnBuild;
    }
    return config;
  }
}

function readContainerfile(opts: ResolvedBuildOptions): string {
  if (!opts.containerfile) throw new TspodError("no_such_file", "no Containerfile given");
  if ("text" in opts.containerfile) return opts.containerfile.text;
  try {
    return fs.readFileSync(opts.containerfile.path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new TspodError(e.code === "ENOENT" ? "no_such_file" : "invalid_argument", `reading ${opts.containerfile.path}: ${e.code === "ENOENT" ? "no such file or directory" : e.message}`);
  }
}

function loadIgnore(opts: ResolvedBuildOptions): IgnorePattern[] {
  const candidates = opts.ignorefile ? [opts.ignorefile] : [path.join(opts.context, ".containerignore"), path.join(opts.context, ".dockerignore")];
  for (const f of candidates) {
    try {
      return parseIgnoreFile(fs.readFileSync(f, "utf8"));
    } catch (err) {
      if (opts.ignorefile) throw new TspodError("no_such_file", `reading ignore file ${f}: ${(err as Error).message}`);
    }
  }
  return [];
}

