/**
 * `load` and `pull` from local transports: read an archive or layout (docker-archive, Docker's
 * `docker save` output, oci-archive, OCI layout dirs, skopeo `dir:`), verify everything and store
 * the images through `commitCandidates`. Staged files live in `<root>/tmp` and are always removed.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { commitCandidates, type CommitOptions, type LoadedImage } from "./archive-commit.ts";
import { missingFile, storeTempDir } from "./archive-file.ts";
import { directoryMembers, readArchiveMembers, type ArchiveMembers } from "./archive-members.ts";
import { archiveImageName, isDockerArchive, parseDirLayout, parseDockerArchive, parseOciLayout, type LoadCandidate } from "./archive-parse.ts";
import type { ImageStore } from "./image-store.ts";
import { parseLocalTransport } from "./transport-reference.ts";

async function withMembers<T>(store: ImageStore, archive: string, signal: AbortSignal | undefined, fn: (m: ArchiveMembers) => Promise<T>): Promise<T> {
  if (!fs.existsSync(archive)) throw missingFile(`open ${archive}`);
  const work = storeTempDir(store.root, "load");
  try {
    return await fn(await readArchiveMembers(archive, work, signal));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `load`: every image in a docker-archive or oci-archive (plain, gzip or zstd). */
export async function loadArchive(store: ImageStore, archive: string, opts: CommitOptions = {}): Promise<LoadedImage[]> {
  const fromMembers = async (m: ArchiveMembers) => {
    let candidates: LoadCandidate[];
    if (isDockerArchive(m)) candidates = parseDockerArchive(m);
    else if (m.has("index.json")) candidates = parseOciLayout(m);
    else if (m.has("manifest.json") && m.has("version")) candidates = [parseDirLayout(m)];
    else throw new TspodError("invalid_argument", "payload does not match any of the supported image formats: oci, oci-archive, dir, docker-archive");
    return commitCandidates(store, candidates, opts);
  };
  // A directory (`save --format oci-dir|docker-dir` output) is read in place.
  if (fs.statSync(archive, { throwIfNoEntry: false })?.isDirectory()) return fromMembers(directoryMembers(path.resolve(archive)));
  return withMembers(store, archive, opts.signal, fromMembers);
}

function pickDockerArchiveImage(cands: LoadCandidate[], ref: string | undefined, source: string): LoadCandidate {
  if (ref === undefined) {
    if (cands.length > 1) throw new TspodError("invalid_argument", `${source}: archive contains ${cands.length} images; choose one with :NAME:TAG or :@INDEX`);
    return cands[0]!;
  }
  if (/^@\d+$/.test(ref)) {
    const c = cands[Number(ref.slice(1))];
    if (!c) throw new TspodError("no_such_image", `${source}: no image at index ${ref.slice(1)}`);
    return c;
  }
  const want = archiveImageName(ref);
  const c = cands.find((x) => want && x.names.includes(want));
  if (!c) throw new TspodError("no_such_image", `${source}: no image named ${ref} in the archive`);
  return { ...c, names: [want!] };
}

/** Podman's name for an image pulled from a path without a usable name: `localhost/<path>:latest`. */
function pathName(abs: string): string[] {
  const n = archiveImageName(`localhost/${abs.replace(/^\/+/, "")}`, "localhost");
  return n ? [n] : [];
}

/**
 * `pull oci:DIR[:REF]`, `oci-archive:…`, `docker-archive:…`, `dir:…`: stores one image, named like
 * Podman does: the archive's own name when it has a full one, else `localhost/<path>`.
 */
export async function pullFromLocalTransport(store: ImageStore, source: string, opts: CommitOptions = {}): Promise<LoadedImage> {
  const src = parseLocalTransport(source);
  const abs = path.resolve(src.path);
  const one = (cands: LoadCandidate[]): LoadCandidate => {
    if (cands.length !== 1) throw new TspodError("invalid_argument", `${source}: the layout holds ${cands.length} images; name one with :REF`);
    return cands[0]!;
  };
  let cand: LoadCandidate;
  switch (src.transport) {
    case "oci":
      if (!fs.existsSync(abs)) throw missingFile(`${source}: open ${abs}/index.json`);
      cand = { ...one(parseOciLayout(directoryMembers(abs), src.ref)), names: pathName(abs) };
      break;
    case "dir":
      if (!fs.existsSync(abs)) throw missingFile(`${source}: open ${abs}/manifest.json`);
      cand = { ...parseDirLayout(directoryMembers(abs)), names: pathName(abs) };
      break;
    case "oci-archive":
      return withMembers(store, abs, opts.signal, async (m) => {
        const c = one(parseOciLayout(m, src.ref));
        return (await commitCandidates(store, [c.names.length ? c : { ...c, names: pathName(abs) }], opts))[0]!;
      });
    case "docker-archive":
      return withMembers(store, abs, opts.signal, async (m) => (await commitCandidates(store, [pickDockerArchiveImage(parseDockerArchive(m), src.ref, source)], opts))[0]!);
  }
  return (await commitCandidates(store, [cand], opts))[0]!;
}
