/**
 * Executes the instructions of one stage: the layer cache first, then the work (config change,
 * RUN through the runtime, COPY/ADD into the mounted rootfs), then the step's commit.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ImageRecord } from "../image/image-types.ts";
import type { OciMount } from "../spec/oci-spec-types.ts";
import { resolveUser } from "../spec/resolve-user.ts";
import { resolveInRoot } from "../storage/rootfs-path.ts";
import { flagValues, type Instruction } from "./containerfile-parse.ts";
import { expandVarsOnly, expandWord, expandWords, type VarLookup } from "./shell-expand.ts";
import { applyMetadata, METADATA_CMDS } from "./build-metadata.ts";
import type { BuildExecutor, StageState } from "./build-executor.ts";
import type { StepRootfs } from "./build-rootfs.ts";
import { removeMountPoints, runStep } from "./build-run.ts";
import { addArchive, addUrl, copyHeredoc, copySources, isTarArchive, resolveSources, sourceDigest, type SourceRoot } from "./build-copy.ts";

const PROXY_ARGS = new Set(["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"].flatMap((a) => [a, a.toLowerCase()]));

function parseKv(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    out[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? "true" : part.slice(eq + 1);
  }
  return out;
}

export class StepRunner {
  /** Whether the step being run is the build's last (its image is the result). */
  private last = false;
  /** --layers=false: one working rootfs for the whole stage, committed once at its end. */
  private work?: StepRootfs;
  private workMountPoints: string[] = [];

  constructor(
    private readonly b: BuildExecutor,
    private readonly s: StageState,
  ) {}

  private get lookup(): VarLookup {
    return (n) => {
      const env = this.s.config.Env?.find((e) => e.startsWith(n + "="));
      if (env !== undefined) return env.slice(n.length + 1);
      return this.s.args.get(n);
    };
  }

  private parentKey(): string {
    return this.s.image?.id ?? "scratch";
  }

  /** Cache hit: the state moves to the cached image. */
  private tryCache(key: unknown[]): ImageRecord | undefined {
    if (!this.b.opts.layers || this.b.opts.noCache) return undefined;
    const hit = this.b.cache.lookup(this.b.cache.key(this.last ? [...key, ...this.b.finalKeyParts()] : key));
    if (!hit) return undefined;
    if (this.last) this.b.finalConfig(this.s.config); // the format warnings, as for a fresh commit
    const cfg = this.b.rt.images.config(hit);
    this.s.history = cfg.history ?? [];
    this.s.config = structuredClone(cfg.config ?? {});
    return hit;
  }

  private done(image: ImageRecord, numbered: boolean, onCommit: () => void, isLast: boolean, cached: boolean): void {
    if (numbered && cached) this.b.say(`--> Using cache ${image.id}`);
    this.s.image = image;
    this.s.history = this.b.rt.images.config(image).history ?? [];
    this.s.comment = image.id.slice(0, 12);
    if (!numbered) return;
    if (isLast) onCommit();
    else this.b.say(`--> ${image.id.slice(0, 11)}`);
  }

  private get layered(): boolean {
    return this.b.opts.layers;
  }

  /** The rootfs a RUN/COPY step works in: a fresh overlay per step, or the stage's one. */
  private stepRootfs(): StepRootfs {
    if (this.layered) return this.b.openRootfs(this.s.image);
    return (this.work ??= this.b.openRootfs(this.s.image));
  }

  /** --layers=false: the step only adds its history entry (the stage commits at its end). */
  private record(createdBy: string, numbered: boolean, onCommit: () => void, isLast: boolean): void {
    this.s.history = [...this.s.history, { created: this.b.now(), created_by: createdBy, empty_layer: true }];
    if (numbered && isLast) onCommit();
  }

  /** The step's changes (the rootfs's upper dir) become its image, or wait for the stage's commit. */
  private async finishFsStep(rootfs: StepRootfs, createdBy: string, key: unknown[], mountPoints: string[], numbered: boolean, onCommit: () => void, isLast: boolean): Promise<void> {
    if (!this.layered) {
      this.workMountPoints.push(...mountPoints);
      return this.record(createdBy, numbered, onCommit, isLast);
    }
    rootfs.unmount();
    removeMountPoints(rootfs.upper, mountPoints);
    const image = await this.b.commit(this.s, createdBy, key, rootfs.upper, false, this.last);
    this.done(image, numbered, onCommit, isLast, false);
  }

  /** --layers=false: commits the stage (one layer for everything its steps changed). */
  async finishStage(isLastStage: boolean): Promise<void> {
    if (this.layered) return;
    const work = this.work;
    this.work = undefined;
    try {
      if (work) {
        work.unmount();
        removeMountPoints(work.upper, this.workMountPoints);
      }
      if (this.s.history.length === 0 || this.s.history.at(-1) === undefined) return;
      this.s.image = await this.b.commitStage(this.s, work?.upper, isLastStage);
    } finally {
      work?.release();
    }
  }

  /** Releases a stage's working rootfs after a failure. */
  abort(): void {
    this.work?.release();
    this.work = undefined;
  }

  async commitMetadataOnly(createdBy: string, isLast: boolean): Promise<void> {
    this.last = isLast;
    if (!this.layered) return this.record(createdBy, false, () => {}, isLast);
    const key = [this.parentKey(), createdBy, this.b.format];
    const hit = this.tryCache(key);
    const image = hit ?? (await this.b.commit(this.s, createdBy, key, undefined, true, this.last));
    this.done(image, true, () => {}, isLast, hit !== undefined);
  }

  async execute(inst: Instruction, numbered: boolean, onCommit: () => void, isLast = false): Promise<void> {
    const b = this.b;
    this.last = isLast;
    if (inst.cmd === "ARG") {
      const names = b.declareArgs(inst, this.s.args, this.lookup);
      const createdBy = `/bin/sh -c #(nop) ARG ${names.join(" ")}`;
      return this.metaStep(createdBy, [names.map((n) => [n, this.s.args.get(n)])], numbered, onCommit, isLast);
    }
    if (METADATA_CMDS.has(inst.cmd)) {
      const snapshot = { config: structuredClone(this.s.config), shell: this.s.shell, author: this.s.author };
      applyMetadata(inst, snapshot, this.lookup, b.escape);
      this.s.config = snapshot.config;
      this.s.shell = snapshot.shell;
      this.s.author = snapshot.author;
      const createdBy = `/bin/sh -c #(nop) ${inst.original}`;
      return this.metaStep(createdBy, [JSON.stringify(this.s.config), this.s.author ?? ""], numbered, onCommit, isLast);
    }
    if (inst.cmd === "RUN") return this.run(inst, numbered, onCommit, isLast);
    if (inst.cmd === "COPY" || inst.cmd === "ADD") return this.copy(inst, numbered, onCommit, isLast);
    throw new TspodError("invalid_argument", `building at STEP "${inst.original}": Build error: Unknown instruction: "${inst.cmd}"`);
  }

  private async metaStep(createdBy: string, extra: unknown[], numbered: boolean, onCommit: () => void, isLast: boolean): Promise<void> {
    if (!this.layered) return this.record(createdBy, numbered, onCommit, isLast);
    const key = [this.parentKey(), createdBy, this.b.format, ...extra];
    const hit = this.tryCache(key);
    const image = hit ?? (await this.b.commit(this.s, createdBy, key, undefined, true, this.last));
    this.done(image, numbered, onCommit, isLast, hit !== undefined);
  }

  /** Stage args with values, as Docker's `|N k=v` history prefix and RUN's environment. */
  private argPairs(): [string, string][] {
    return [...this.s.args].filter(([k, v]) => v !== undefined && !PROXY_ARGS.has(k)) as [string, string][];
  }

  private runArgv(inst: Instruction): string[] {
    if (inst.json) return inst.json;
    if (inst.heredocs.length) {
      const markerOnly = inst.rest.replace(/<<-?(["']?)[A-Za-z_][A-Za-z0-9_.-]*\1/g, "").trim() === "";
      if (markerOnly && inst.heredocs.length === 1) return [...this.s.shell, inst.heredocs[0]!.content];
      let script = inst.rest;
      for (const h of inst.heredocs) script += `\n${h.content}${h.name}`;
      return [...this.s.shell, script];
    }
    return [...this.s.shell, inst.rest];
  }

  private async run(inst: Instruction, numbered: boolean, onCommit: () => void, isLast: boolean): Promise<void> {
    const b = this.b;
    const argv = this.runArgv(inst);
    const pairs = this.argPairs();
    // Buildah's form: the exec form is recorded as the shell followed by the JSON text.
    const shown = inst.json ? [...this.s.shell, inst.rest].join(" ") : argv.join(" ");
    const createdBy = (pairs.length ? `|${pairs.length} ${pairs.map(([k, v]) => `${k}=${v}`).join(" ")} ` : "") + shown;
    const network = flagValues(inst.flags, "network").at(-1) ?? b.opts.network ?? "";
    const mountSpecs = flagValues(inst.flags, "mount").map((m) => expandWord(m, this.lookup, b.escape));
    const key = [this.parentKey(), createdBy, network, mountSpecs, b.opts.volumes, b.format];
    const hit = this.tryCache(key);
    if (hit) return this.done(hit, numbered, onCommit, isLast, true);
    const env: Record<string, string> = {};
    for (const [k, v] of pairs) env[k] = v;
    for (const [k, v] of Object.entries(b.opts.buildArgs)) if (PROXY_ARGS.has(k)) env[k] = v;
    for (const e of this.s.config.Env ?? []) {
      const eq = e.indexOf("=");
      if (eq > 0) delete env[e.slice(0, eq)];
    }
    const rootfs = this.stepRootfs();
    const extra: StepRootfs[] = [];
    try {
      const mounts = await this.runMounts(mountSpecs, extra);
      const res = await runStep(b.rt, {
        argv,
        env,
        imageEnv: this.s.config.Env ?? [],
        workdir: this.s.config.WorkingDir || "/",
        user: this.s.config.User ?? "",
        network,
        mounts,
        rootfs: rootfs.merged,
        output: (data, stream) => (stream === "stdout" ? (b.opts.quiet ? undefined : b.io.stdout(data)) : b.io.stderr(data)),
        signal: b.signal,
      });
      if (res.code !== 0) {
        const err = exactError("build_failed", `building at STEP "${inst.original}": while running runtime: exit status ${res.code}`);
        Object.defineProperty(err, "exitCode", { value: res.code });
        throw err;
      }
      await this.finishFsStep(rootfs, createdBy, key, res.createdMountPoints, numbered, onCommit, isLast);
    } finally {
      for (const r of extra) r.release();
      if (this.layered) rootfs.release();
    }
  }

  /** RUN --mount specs, build --volume and secrets as OCI mounts. */
  private async runMounts(specs: string[], opened: StepRootfs[]): Promise<OciMount[]> {
    const b = this.b;
    const out: OciMount[] = [];
    for (const spec of specs) {
      const o = parseKv(spec);
      const type = o.type ?? "bind";
      const target = o.target ?? o.dst ?? o.destination;
      if (type === "secret") {
        const id = o.id ?? (target ? path.basename(target) : "");
        const src = b.opts.secrets[id];
        if (!src) {
          if (o.required === "true") throw new TspodError("invalid_argument", `secret required but no secret with id "${id}" found`);
          continue;
        }
        out.push({ destination: target ?? `/run/secrets/${id}`, source: src, type: "bind", options: ["bind", "rprivate", "ro"] });
        continue;
      }
      if (!target) throw new TspodError("invalid_argument", `invalid mount "${spec}": target is required`);
      if (type === "tmpfs") {
        out.push({ destination: target, source: "tmpfs", type: "tmpfs", options: ["nosuid", "nodev", ...(o.size ? [`size=${o.size}`] : [])] });
      } else if (type === "cache") {
        const id = o.id ?? target;
        const dir = path.join(b.rt.settings.root, "build-cache-mounts", createHash("sha256").update(id).digest("hex").slice(0, 32));
        fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
        out.push({ destination: target, source: dir, type: "bind", options: ["bind", "rprivate", ...(o.ro === "true" || o.readonly === "true" ? ["ro"] : [])] });
      } else if (type === "bind") {
        let root = b.opts.context;
        if (o.from) {
          const r = b.openRootfs(await this.imageFor(o.from));
          opened.push(r);
          root = r.merged;
        }
        const src = resolveInRoot(root, o.source ?? o.src ?? "/");
        if (!fs.existsSync(src)) throw new TspodError("no_such_file", `RUN --mount: source ${o.source ?? "/"}: no such file or directory`);
        out.push({ destination: target, source: src, type: "bind", options: ["bind", "rprivate", ...(o.rw === "true" || o.readwrite === "true" ? [] : ["ro"])] });
      } else throw new TspodError("invalid_argument", `invalid mount type "${type}"`);
    }
    for (const v of b.opts.volumes) {
      const [src, dst, opts] = v.split(":");
      if (!src || !dst) throw new TspodError("invalid_argument", `invalid volume "${v}"`);
      out.push({ destination: dst, source: path.resolve(src), type: "bind", options: ["bind", "rprivate", ...(opts?.split(",").includes("ro") ? ["ro"] : [])] });
    }
    return out;
  }

  private async imageFor(from: string): Promise<ImageRecord | undefined> {
    const st = this.b.stageImage(from);
    if (st.found) return st.image;
    if (/^\d+$/.test(from)) throw new TspodError("invalid_argument", `COPY --from=${from}: no stage or image found with that name`);
    try {
      return await this.b.resolveImage(from);
    } catch {
      throw new TspodError("invalid_argument", `COPY --from=${from}: no stage or image found with that name`);
    }
  }

  private owner(chown: string | undefined, rootfs: string): { uid: number; gid: number } {
    if (!chown) return { uid: 0, gid: 0 };
    const read = (p: string) => {
      try {
        return fs.readFileSync(path.join(rootfs, p), "utf8");
      } catch {
        return undefined;
      }
    };
    const u = resolveUser(chown, read("etc/passwd"), read("etc/group"));
    return { uid: u.uid, gid: u.gid };
  }

  private async copy(inst: Instruction, numbered: boolean, onCommit: () => void, isLast: boolean): Promise<void> {
    const b = this.b;
    const add = inst.cmd === "ADD";
    const words = inst.json ? inst.json.map((w) => expandWord(w, this.lookup, b.escape)) : expandWords(inst.rest.replace(/<<-?(["']?)[A-Za-z_][A-Za-z0-9_.-]*\1/g, ""), this.lookup, b.escape);
    if (words.length < 1 + (inst.heredocs.length ? 0 : 1)) throw new TspodError("invalid_argument", `${inst.cmd} requires at least two arguments`);
    const destRaw = words.pop()!;
    const dest = path.posix.isAbsolute(destRaw) ? destRaw : path.posix.join(this.s.config.WorkingDir || "/", destRaw) + (destRaw.endsWith("/") ? "/" : "");
    const srcs = words;
    const flag = (name: string) => {
      const v = flagValues(inst.flags, name).at(-1);
      return v === undefined ? undefined : expandWord(v, this.lookup, b.escape);
    };
    const from = flag("from");
    const chown = flag("chown");
    const chmodText = flag("chmod");
    if (chmodText !== undefined && !/^[0-7]{3,4}$/.test(chmodText)) throw new TspodError("invalid_argument", `invalid chmod value "${chmodText}"`);
    const chmod = chmodText !== undefined ? parseInt(chmodText, 8) : undefined;
    const extra: StepRootfs[] = [];
    const rootfs = this.stepRootfs();
    try {
      let root: SourceRoot = { dir: b.opts.context, ignore: b.ignore, kind: "context" };
      if (from) {
        const r = b.openRootfs(await this.imageFor(from));
        extra.push(r);
        root = { dir: r.merged, kind: "rootfs" };
      }
      const urls = add ? srcs.filter((s) => /^https?:\/\//.test(s)) : [];
      const local = srcs.filter((s) => !urls.includes(s));
      const sources = local.flatMap((p) => resolveSources(root, p, inst.original));
      const h = createHash("sha256");
      h.update(sourceDigest(sources, root));
      for (const d of inst.heredocs) h.update(`${d.name}\0${d.content}`);
      for (const u of urls) h.update(u);
      const digest = h.digest("hex");
      const kind = sources.length + inst.heredocs.length + urls.length > 1 ? "multi" : sources.length === 1 && fs.statSync(sources[0]!.abs).isDirectory() ? "dir" : "file";
      const createdBy = `/bin/sh -c #(nop) ${inst.cmd} ${kind}:${digest} in ${destRaw} `;
      const key = [this.parentKey(), createdBy, chown ?? "", chmod ?? "", b.format];
      // URLs are fetched each time (as Docker does) unless the cache has this exact content.
      const hit = urls.length ? undefined : this.tryCache(key);
      if (hit) return this.done(hit, numbered, onCommit, isLast, true);
      const owner = this.owner(chown, rootfs.merged);
      const multiple = sources.length + inst.heredocs.length + urls.length > 1 || local.some((s) => /[*?[]/.test(s));
      if (multiple && !dest.endsWith("/")) {
        const st = fs.statSync(path.join(rootfs.merged, dest), { throwIfNoEntry: false });
        if (!st?.isDirectory()) throw new TspodError("invalid_argument", `building at STEP "${inst.original}": adding multiple sources to non-directory destination "${destRaw}"`);
      }
      const plain = [];
      for (const s of sources) {
        if (add && root.kind === "context" && fs.statSync(s.abs).isFile() && (await isTarArchive(s.abs))) await addArchive(rootfs.merged, s.abs, dest);
        else plain.push(s);
      }
      if (plain.length) copySources(rootfs.merged, plain, dest, { owner, chmod, root }, multiple);
      for (const d of inst.heredocs) {
        const content = d.expand ? expandVarsOnly(d.content, this.lookup, b.escape) : d.content;
        copyHeredoc(rootfs.merged, d.name, content, multiple || dest.endsWith("/") ? dest.replace(/\/?$/, "/") : dest, { owner, chmod });
      }
      for (const u of urls) await addUrl(rootfs.merged, u, dest, { owner, chmod }, b.signal);
      await this.finishFsStep(rootfs, createdBy, key, [], numbered, onCommit, isLast);
    } finally {
      for (const r of extra) r.release();
      if (this.layered) rootfs.release();
    }
  }
}
