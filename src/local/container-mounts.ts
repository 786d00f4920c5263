/**
 * Resolves a new container's `-v`, `--mount`, `--volumes-from`, image VOLUMEs and `--secret`
 * against the store: bind sources must exist, named volumes get their fixed mount points (they
 * are created, if missing, once the container is stored: ensureContainerVolumes), secrets must
 * exist. Returns the OCI mounts for the spec and what the container records for inspect.
 */
import { randomHexId } from "../util/random-id.ts";
import fs from "node:fs";
import path from "node:path";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateFlags } from "../domain/container-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { OciMount } from "../spec/oci-spec-types.ts";
import { checkDestination, defaultMountFlags, parseMountFlag, parseSecretFlag, parseVolumeFlag, type MountFlags, type MountRequest } from "../spec/mount-parse.ts";
import { cleanPath } from "../spec/spec-mounts.ts";
import { overlayDir, secretFileName, type ContainerMount, type ContainerSecret } from "../engine/volume/container-mount.ts";
import { VOLUME_NAME } from "../engine/volume/volume-record.ts";
import { noSuchSecret } from "../engine/secret/secret-db.ts";

export interface ResolvedMounts {
  extraMounts: OciMount[];
  mounts: ContainerMount[];
  secrets: ContainerSecret[];
}

export interface MountContext {
  bundle: string;
  cwd: string;
  /** The image config's VOLUME paths. */
  imageVolumes: string[];
  /** `--tmpfs` destinations (handled by the spec generator). */
  tmpfsDestinations: string[];
}

const IMAGE_VOLUME_MODES = ["bind", "tmpfs", "ignore"];

function ociOptions(flags: MountFlags, volume: boolean): string[] {
  const opts: string[] = [];
  if (volume) {
    if (!flags.extra.includes("suid")) opts.push("nosuid");
    if (!flags.extra.includes("dev")) opts.push("nodev");
  }
  for (const e of flags.extra) if (!opts.includes(e)) opts.push(e);
  opts.push(flags.nonRecursive ? "bind" : "rbind");
  opts.push(flags.readOnly ? "ro" : "rw");
  opts.push(flags.propagation || "rprivate");
  return opts;
}

function volumeMount(rt: Runtime, name: string, anonymous: boolean, destination: string, flags: MountFlags): ContainerMount {
  if (!VOLUME_NAME.test(name)) {
    throw exactError("invalid_argument", `creating named volume ${JSON.stringify(name)}: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
  }
  return {
    type: "volume",
    name,
    anonymous,
    source: path.join(rt.settings.root, "volumes", name, "_data"),
    destination,
    options: ociOptions(flags, true),
    mode: flags.relabel,
    rw: !flags.readOnly,
    propagation: flags.propagation || "rprivate",
    chown: flags.chown || undefined,
    overlay: flags.overlay || undefined,
    copyUp: flags.copyUp,
  };
}

function toMount(rt: Runtime, req: MountRequest): ContainerMount {
  switch (req.kind) {
    case "bind": {
      if (!fs.existsSync(req.source)) throw exactError("invalid_argument", `statfs ${req.source}: no such file or directory`);
      return {
        type: "bind",
        source: req.source,
        destination: req.destination,
        options: ociOptions(req.flags, false),
        mode: req.flags.relabel,
        rw: !req.flags.readOnly,
        propagation: req.flags.propagation || "rprivate",
        chown: req.flags.chown || undefined,
        overlay: req.flags.overlay || undefined,
      };
    }
    case "volume":
      return volumeMount(rt, req.name ?? randomHexId(), req.name === undefined, req.destination, req.flags);
    case "tmpfs":
      return { type: "tmpfs", source: "tmpfs", destination: req.destination, options: req.options, mode: "", rw: !req.options.includes("ro"), propagation: "" };
    case "devpts":
      return { type: "devpts", source: "devpts", destination: req.destination, options: req.options, mode: "", rw: true, propagation: "" };
    case "image": {
      const image = rt.images.lookup(req.image, rt.registries);
      if (!image) throw new TspodError("no_such_image", `${req.image}`);
      const options = ["rbind", req.readOnly ? "ro" : "rw", "rprivate"];
      return { type: "image", source: image.id, destination: req.destination, options, mode: "", rw: !req.readOnly, propagation: "rprivate" };
    }
  }
}

/** The OCI mount for a recorded mount (overlays and secrets point into the bundle). */
function ociMount(m: ContainerMount, index: number, bundle: string): OciMount {
  if (m.type === "tmpfs" || m.type === "devpts") return { destination: m.destination, type: m.type, source: m.source, options: m.options };
  const source = m.overlay || m.type === "image" ? path.join(bundle, overlayDir(index), "merged") : m.source;
  return { destination: m.destination, type: "bind", source, options: m.options };
}

function volumesFrom(rt: Runtime, entries: string[]): ContainerMount[] {
  const out: ContainerMount[] = [];
  for (const entry of entries) {
    const [ref, opts = ""] = entry.split(":");
    const words = opts ? opts.split(",") : [];
    for (const w of words) if (!["ro", "rw", "z", "Z"].includes(w)) throw exactError("invalid_argument", `invalid options ${JSON.stringify(opts)}, can only specify 'ro', 'rw', and 'z`);
    const id = rt.state.lookupContainerId(ref!);
    const rec = id ? rt.state.getContainer(id) : undefined;
    if (!rec) throw new TspodError("no_such_container", `no container with name or ID ${JSON.stringify(ref)} found`);
    for (const m of rec.config.mounts ?? []) {
      if (m.type !== "volume" && m.type !== "bind") continue;
      // Shared, not owned: the copy never removes the volume (rm -v of this container keeps it).
      let mount: ContainerMount = { ...m, options: [...m.options], overlay: undefined, chown: undefined, anonymous: undefined };
      if (words.includes("ro") || words.includes("rw")) {
        const ro = words.includes("ro");
        mount = { ...mount, rw: !ro, options: [...mount.options.filter((o) => o !== "ro" && o !== "rw"), ro ? "ro" : "rw"] };
      }
      out.push(mount);
    }
  }
  return out;
}

function secretsOf(rt: Runtime, entries: string[], bundle: string, mounts: OciMount[]): ContainerSecret[] {
  return entries.map((entry, index) => {
    const req = parseSecretFlag(entry);
    const rec = rt.secrets.lookup(req.name);
    if (!rec) throw noSuchSecret(req.name);
    if (req.type === "mount") {
      mounts.push({ destination: req.target, type: "bind", source: path.join(bundle, secretFileName(index)), options: ["bind", "rprivate", "ro", "nosuid", "noexec", "nodev"] });
    }
    return { id: rec.id, name: rec.name, type: req.type, target: req.target, uid: req.uid, gid: req.gid, mode: req.mode };
  });
}

export function resolveContainerMounts(rt: Runtime, f: ContainerCreateFlags, ctx: MountContext): ResolvedMounts {
  const requests: MountRequest[] = [
    ...(f.volumes ?? []).map((v) => parseVolumeFlag(v, ctx.cwd)),
    ...(f.mounts ?? []).map((m) => parseMountFlag(m, ctx.cwd)),
  ];
  const mounts = requests.map((r) => toMount(rt, r));
  const seen = new Set(ctx.tmpfsDestinations.map(cleanPath));
  for (const m of mounts) {
    checkDestination(m.destination);
    if (seen.has(m.destination)) throw exactError("invalid_argument", `${m.destination}: duplicate mount destination`);
    seen.add(m.destination);
  }
  for (const m of volumesFrom(rt, f.volumesFrom ?? [])) {
    if (seen.has(m.destination)) continue;
    seen.add(m.destination);
    mounts.push(m);
  }
  const imageVolume = f.imageVolume ?? "bind";
  if (!IMAGE_VOLUME_MODES.includes(imageVolume)) throw exactError("invalid_argument", `invalid image volume mode ${JSON.stringify(imageVolume)}: must be one of bind, tmpfs, ignore`);
  if (imageVolume !== "ignore") {
    for (const raw of ctx.imageVolumes) {
      const dest = cleanPath(raw.startsWith("/") ? raw : `/${raw}`);
      if (seen.has(dest) || dest === "/") continue;
      seen.add(dest);
      if (imageVolume === "tmpfs") mounts.push({ type: "tmpfs", source: "tmpfs", destination: dest, options: ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"], mode: "", rw: true, propagation: "" });
      else mounts.push(volumeMount(rt, randomHexId(), true, dest, defaultMountFlags()));
    }
  }
  const extraMounts = mounts.map((m, i) => ociMount(m, i, ctx.bundle));
  const secretMounts: OciMount[] = [];
  const secrets = secretsOf(rt, f.secrets ?? [], ctx.bundle, secretMounts);
  for (const s of secretMounts) {
    if (seen.has(s.destination)) throw exactError("invalid_argument", `${s.destination}: duplicate mount destination`);
    seen.add(s.destination);
  }
  return { extraMounts: [...extraMounts, ...secretMounts], mounts, secrets };
}
