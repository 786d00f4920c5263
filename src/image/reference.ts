/**
 * Docker image references (distribution/reference grammar) and Podman's short-name resolution.
 *
 *   [registry[:port]/]path[:tag][@algo:hex]
 *
 * A name whose first component has no `.` or `:` and is not `localhost` is a short name: it has
 * no registry yet and is resolved through registries.conf (`resolveShortName`).
 */
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { RegistriesConf } from "../config/registries-conf.ts";

export const DOCKER_IO = "docker.io";
const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT_RE = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;

export class ImageReference {
  constructor(
    /** Registry host[:port]; "" for an unresolved short name. */
    readonly registry: string,
    /** Repository path inside the registry, e.g. `library/busybox`. */
    readonly repository: string,
    readonly tag?: string,
    readonly digest?: string,
  ) {}

  get isShortName(): boolean {
    return this.registry === "";
  }

  /** `registry/repository` without tag or digest. */
  get name(): string {
    return this.registry ? `${this.registry}/${this.repository}` : this.repository;
  }

  /** What to ask the registry for: the digest if any, else the tag (default `latest`). */
  get tagOrDigest(): string {
    return this.digest ?? this.tag ?? "latest";
  }

  /** Full form: `docker.io/library/busybox:latest`, `host:5000/x@sha256:…`, `h/x:t@sha256:…`. */
  toString(): string {
    let s = this.name;
    if (this.tag) s += `:${this.tag}`;
    else if (!this.digest) s += ":latest";
    if (this.digest) s += `@${this.digest}`;
    return s;
  }

  /** Docker's familiar form: `busybox:latest`, `user/app:1`, `quay.io/x/y:tag`. */
  familiar(): string {
    let name = this.name;
    if (this.registry === DOCKER_IO) {
      name = this.repository.startsWith("library/") && this.repository.split("/").length === 2 ? this.repository.slice(8) : this.repository;
    }
    const full = this.toString();
    return name + full.slice(this.name.length);
  }

  withRegistry(registry: string, repository = this.repository): ImageReference {
    const repo = registry === DOCKER_IO && !repository.includes("/") ? `library/${repository}` : repository;
    return new ImageReference(registry, repo, this.tag, this.digest);
  }

  withTag(tag: string | undefined): ImageReference {
    return new ImageReference(this.registry, this.repository, tag, this.digest);
  }

  withDigest(digest: string | undefined): ImageReference {
    return new ImageReference(this.registry, this.repository, this.tag, digest);
  }
}

function invalid(s: string, detail?: string): TspodError {
  return new TspodError("invalid_reference", `parsing reference ${JSON.stringify(s)}${detail ? `: ${detail}` : ""}`);
}

/** Parses a reference; short names keep `registry === ""`. A missing tag (and no digest) means `latest`. */
export function parseReference(s: string): ImageReference {
  if (s === "" || s.length > 1024) throw invalid(s);
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw invalid(s, "invalid digest format");
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) throw invalid(s, "invalid checksum digest length or format");
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw invalid(s);
  }
  if (rest === "") throw invalid(s);
  const parts = rest.split("/");
  let registry = "";
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase())) {
    registry = first;
    parts.shift();
    if (!validDomain(registry)) throw invalid(s);
  }
  for (const p of parts) {
    if (!COMPONENT_RE.test(p)) {
      if (p.toLowerCase() !== p && COMPONENT_RE.test(p.toLowerCase())) throw invalid(s, "repository name must be lowercase");
      throw invalid(s);
    }
  }
  let repository = parts.join("/");
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = DOCKER_IO;
  if (registry === DOCKER_IO && parts.length === 1) repository = `library/${repository}`;
  if ((registry ? registry.length + 1 : 0) + repository.length > NAME_MAX) throw invalid(s, "repository name must not be more than 255 characters");
  if (!tag && !digest) tag = "latest";
  return new ImageReference(registry, repository, tag, digest);
}

function validDomain(d: string): boolean {
  const m = /^(.*?)(?::(\d+))?$/.exec(d)!;
  const host = m[1]!;
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  if (/^\[[0-9a-fA-F:.]+\]$/.test(host)) return true;
  return host.split(".").every((c) => DOMAIN_COMPONENT_RE.test(c));
}

/** Parses a reference that must name a registry (no short names), e.g. for push/tag targets. */
export function parseFullReference(s: string): ImageReference {
  const ref = parseReference(s);
  if (ref.isShortName) throw invalid(s, "short name without a registry");
  return ref;
}

export interface ResolveShortNameOptions {
  /** True when the caller could prompt the user (stdin and stdout are TTYs). Default false. */
  interactive?: boolean;
}

/**
 * Candidate fully-qualified references for `name`, in the order Podman tries them: an alias from
 * registries.conf, else each unqualified-search registry. A fully-qualified name is returned as is.
 */
export function resolveShortName(name: string, conf: RegistriesConf, opts: ResolveShortNameOptions = {}): ImageReference[] {
  const ref = parseReference(name);
  if (!ref.isShortName) return [ref];
  const alias = conf.aliases[ref.repository];
  if (alias) {
    const target = parseReference(alias);
    if (target.isShortName) throw new TspodError("config", `alias ${JSON.stringify(ref.repository)} resolves to short name ${JSON.stringify(alias)}`);
    const explicitTag = /:[\w][\w.-]*$/.test(name.split("@")[0]!.split("/").pop()!);
    return [new ImageReference(target.registry, target.repository, explicitTag || ref.digest ? ref.tag : target.tag, ref.digest ?? target.digest)];
  }
  const search = conf.unqualifiedSearchRegistries;
  if (search.length === 0) {
    const where = conf.sources.length ? conf.sources.join(", ") : "/etc/containers/registries.conf";
    throw new TspodError("short_name_unresolved", `short-name ${JSON.stringify(name)} did not resolve to an alias and no unqualified-search registries are defined in ${JSON.stringify(where)}`);
  }
  const candidates = search.map((r) => ref.withRegistry(r));
  if (candidates.length > 1 && conf.shortNameMode === "enforcing" && !opts.interactive) {
    // Podman prompts on a TTY; without one it refuses rather than guess.
    throw exactError("short_name", "short-name resolution enforced but cannot prompt without a TTY");
  }
  return candidates;
}
