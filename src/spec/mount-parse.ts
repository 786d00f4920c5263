/**
 * Parses the mount flags of `podman run` into plain requests (no host access): `-v/--volume
 * [SRC:]DST[:OPTS]`, `--mount type=…,…` and `--secret NAME[,…]`, with Podman's error texts.
 * The engine later turns a request into a volume, a bind mount or a tmpfs (container-mounts.ts).
 */
import path from "node:path";
import { exactError } from "../errors/tspod-error.ts";
import { cleanPath } from "./spec-mounts.ts";

export interface MountFlags {
  /** ro / rw */
  readOnly: boolean;
  /** z / Z (recorded as inspect's Mode). */
  relabel: string;
  /** :U — chown the source to the container's user. */
  chown: boolean;
  /** :O — an overlay whose changes are discarded. */
  overlay: boolean;
  /** false with nocopy: no copy-up of the image's files into a new volume. */
  copyUp: boolean;
  /** rprivate by default. */
  propagation: string;
  /** bind (not recursive) instead of rbind. */
  nonRecursive: boolean;
  /** nosuid, noexec, nodev, suid, exec, dev in the order given. */
  extra: string[];
}

export type MountRequest =
  | { kind: "bind"; source: string; destination: string; flags: MountFlags }
  /** name undefined: an anonymous volume. */
  | { kind: "volume"; name?: string; destination: string; flags: MountFlags }
  | { kind: "tmpfs"; destination: string; options: string[] }
  | { kind: "image"; image: string; destination: string; readOnly: boolean }
  | { kind: "devpts"; destination: string; options: string[] };

export interface SecretRequest {
  name: string;
  type: "mount" | "env";
  /** mount: absolute path in the container; env: the variable's name. */
  target: string;
  uid: number;
  gid: number;
  mode: number;
}

const PROPAGATIONS = ["shared", "rshared", "slave", "rslave", "private", "rprivate", "unbindable", "runbindable"];
const FLAG_OPTS = ["nosuid", "suid", "noexec", "exec", "nodev", "dev"];

function fail(message: string): never {
  throw exactError("invalid_argument", message);
}

export function defaultMountFlags(): MountFlags {
  return { readOnly: false, relabel: "", chown: false, overlay: false, copyUp: true, propagation: "", nonRecursive: false, extra: [] };
}

function absoluteDestination(dest: string): string {
  if (!dest.startsWith("/")) fail(`invalid container path ${JSON.stringify(dest)}, must be an absolute path`);
  return cleanPath(dest);
}

/** Whether every comma-separated word is a valid `-v` option (Podman's ValidateVolumeOpts). */
function isOptionList(text: string): boolean {
  try {
    parseVolumeOptions(text);
    return true;
  } catch {
    return false;
  }
}

/** `ro,Z,U,nocopy,rslave …` → MountFlags; Podman's errors for unknown and repeated options. */
export function parseVolumeOptions(text: string): MountFlags {
  const flags = defaultMountFlags();
  if (text === "") return flags;
  const words = text.split(",");
  const count = (set: string[]) => words.filter((w) => set.includes(w)).length;
  if (count(["ro", "rw"]) > 1) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 'rw' or 'ro' option`);
  if (count(["z", "Z"]) > 1) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 'z', 'Z', or 'O' option`);
  if (count(PROPAGATIONS) > 1) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option`);
  if (count(["bind", "rbind"]) > 1) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 '[r]bind' option`);
  if (count(["copy", "nocopy"]) > 1) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 'copy' or 'nocopy' option`);
  for (const w of words) {
    if (w === "ro" || w === "rw") flags.readOnly = w === "ro";
    else if (w === "z" || w === "Z") flags.relabel = w;
    else if (w === "U") flags.chown = true;
    else if (w === "O") flags.overlay = true;
    else if (w === "copy" || w === "nocopy") flags.copyUp = w === "copy";
    else if (PROPAGATIONS.includes(w)) flags.propagation = w;
    else if (w === "bind" || w === "rbind") flags.nonRecursive = w === "bind";
    else if (FLAG_OPTS.includes(w)) flags.extra.push(w);
    else if (w === "idmap" || w.startsWith("idmap=")) fail(`invalid option type ${JSON.stringify(w)}: idmapped mounts are not supported`);
    else fail(`invalid option type ${JSON.stringify(w)}`);
  }
  if (flags.overlay && flags.relabel) fail(`invalid options ${JSON.stringify(words.join(", "))}, can only specify 1 'z', 'Z', or 'O' option`);
  return flags;
}

/**
 * One `-v` value. A source starting with `/` or `.` is a host path (a relative one is made
 * absolute against `cwd`, as Podman does); any other source names a volume.
 */
export function parseVolumeFlag(value: string, cwd: string): MountRequest {
  const parts = value.split(":");
  if (value === "" || parts.some((p) => p === "")) fail(`incorrect volume format ${JSON.stringify(value)}, should be [host-dir:]ctr-dir[:option]`);
  let source = "";
  let dest: string;
  let opts = "";
  if (parts.length === 1) dest = parts[0]!;
  else if (parts.length === 2) {
    if (isOptionList(parts[1]!) && !parts[1]!.startsWith("/")) {
      dest = parts[0]!;
      opts = parts[1]!;
    } else {
      source = parts[0]!;
      dest = parts[1]!;
    }
  } else if (parts.length === 3) [source, dest, opts] = parts as [string, string, string];
  else fail(`incorrect volume format ${JSON.stringify(value)}, should be [host-dir:]ctr-dir[:option]`);
  const destination = absoluteDestination(dest);
  const flags = parseVolumeOptions(opts);
  if (source === "") return { kind: "volume", destination, flags };
  if (source.startsWith("/") || source.startsWith(".")) {
    return { kind: "bind", source: path.resolve(cwd, source), destination, flags };
  }
  return { kind: "volume", name: source, destination, flags };
}

function boolValue(key: string, value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "true") return true;
  if (value === "false") return false;
  fail(`invalid value for ${key}: ${JSON.stringify(value)}`);
}

/** One `--mount type=…,src=…,dst=…,…` value. */
export function parseMountFlag(value: string, cwd: string): MountRequest {
  const fields = value.split(",").filter((f) => f !== "");
  let type = "";
  let source: string | undefined;
  let dest: string | undefined;
  const flags = defaultMountFlags();
  const tmpfs: string[] = [];
  const devpts: string[] = [];
  let readOnly = false;
  let tmpcopyup = true;
  for (const field of fields) {
    const eq = field.indexOf("=");
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? undefined : field.slice(eq + 1);
    switch (key) {
      case "type":
        type = val ?? "";
        break;
      case "src":
      case "source":
        if (!val) fail(`option ${JSON.stringify(key)} requires value`);
        source = val;
        break;
      case "dst":
      case "destination":
      case "target":
        if (!val) fail(`option ${JSON.stringify(key)} requires value`);
        dest = val;
        break;
      case "ro":
      case "readonly":
        readOnly = boolValue(key, val);
        break;
      case "rw":
        readOnly = !boolValue(key, val);
        break;
      case "bind-propagation":
        if (!val || !PROPAGATIONS.includes(val)) fail(`invalid value for bind-propagation: ${JSON.stringify(val ?? "")}`);
        flags.propagation = val;
        break;
      case "bind-nonrecursive":
        flags.nonRecursive = boolValue(key, val);
        break;
      case "relabel":
        if (val !== "shared" && val !== "private") fail(`${val ?? ""} mount option must be 'private' or 'shared'`);
        flags.relabel = val === "shared" ? "z" : "Z";
        break;
      case "u":
      case "chown":
        flags.chown = boolValue(key, val);
        break;
      case "nocopy":
      case "volume-nocopy":
        flags.copyUp = !boolValue(key, val);
        break;
      case "volume-opt":
      case "volume-label":
      case "volume-driver":
      case "consistency":
        break;
      case "tmpfs-size":
        if (!val) fail(`option ${JSON.stringify(key)} requires value`);
        tmpfs.push(`size=${val}`);
        break;
      case "tmpfs-mode":
        if (!val || !/^[0-7]+$/.test(val)) fail(`invalid value for tmpfs-mode: ${JSON.stringify(val ?? "")}`);
        tmpfs.push(`mode=${val}`);
        break;
      case "notmpcopyup":
        tmpcopyup = false;
        break;
      case "tmpcopyup":
        tmpcopyup = true;
        break;
      case "uid":
      case "gid":
      case "mode":
      case "max":
        if (!val) fail(`option ${JSON.stringify(key)} requires value`);
        devpts.push(`${key}=${val}`);
        break;
      default:
        if (FLAG_OPTS.includes(key)) flags.extra.push(key);
        else fail(`unknown mount option ${JSON.stringify(key)}`);
    }
  }
  flags.readOnly = readOnly;
  if (type === "") fail("invalid filesystem type \"\"");
  if (dest === undefined) fail(type === "volume" ? "must set volume destination" : `must set ${type} mount destination`);
  const destination = absoluteDestination(dest);
  switch (type) {
    case "bind":
      if (source === undefined) fail("must set source of bind mount");
      return { kind: "bind", source: path.resolve(cwd, source), destination, flags };
    case "volume":
      if (source !== undefined && (source.startsWith("/") || source.startsWith("."))) fail(`invalid volume name ${JSON.stringify(source)}: volume sources must be names, use type=bind for host paths`);
      return { kind: "volume", name: source, destination, flags };
    case "tmpfs": {
      const options = [readOnly ? "ro" : "rw", ...flags.extra, ...tmpfs];
      if (!flags.extra.includes("nosuid")) options.push("nosuid");
      if (!flags.extra.includes("nodev")) options.push("nodev");
      if (tmpcopyup) options.push("tmpcopyup");
      return { kind: "tmpfs", destination, options };
    }
    case "image":
      if (source === undefined) fail("must set source image of image mount");
      return { kind: "image", image: source, destination, readOnly: !fields.some((f) => /^rw(=true)?$/i.test(f)) };
    case "devpts":
      return { kind: "devpts", destination, options: ["nosuid", "noexec", "newinstance", ...devpts] };
    default:
      fail(`invalid filesystem type ${JSON.stringify(type)}`);
  }
}

function intOption(key: string, val: string, radix: number): number {
  const re = radix === 8 ? /^[0-7]+$/ : /^\d+$/;
  if (!re.test(val)) fail(`invalid secret option ${key}=${val}`);
  return parseInt(val, radix);
}

/** `--secret NAME[,type=mount|env][,target=…][,uid=][,gid=][,mode=]` (also `source=NAME`). */
export function parseSecretFlag(value: string): SecretRequest {
  const fields = value.split(",");
  let name = "";
  let type = "mount" as "mount" | "env";
  let target = "";
  let uid = 0;
  let gid = 0;
  let mode = 0o444;
  fields.forEach((field, i) => {
    const eq = field.indexOf("=");
    if (eq < 0) {
      if (i !== 0) fail(`invalid secret option ${JSON.stringify(field)}`);
      name = field;
      return;
    }
    const key = field.slice(0, eq);
    const val = field.slice(eq + 1);
    if (key === "source") name = val;
    else if (key === "type") {
      if (val !== "mount" && val !== "env") fail(`type ${val} is invalid: secret type must be one of mount or env`);
      type = val;
    } else if (key === "target") target = val;
    else if (key === "uid") uid = intOption(key, val, 10);
    else if (key === "gid") gid = intOption(key, val, 10);
    else if (key === "mode") mode = intOption(key, val, 8);
    else fail(`option ${JSON.stringify(key)} invalid for secret`);
  });
  if (name === "") fail(`no secret name given in ${JSON.stringify(value)}`);
  if (type === "env") {
    if (fields.some((f) => /^(uid|gid|mode)=/.test(f))) fail("UID, GID, Mode options cannot be set with secret type env");
    target ||= name;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) fail(`invalid environment variable name ${JSON.stringify(target)} for secret`);
  } else {
    const t = target || name;
    if (t.split("/").includes("..")) fail(`invalid secret target ${JSON.stringify(t)}: must not contain ".."`);
    target = t.startsWith("/") ? cleanPath(t) : cleanPath(`/run/secrets/${t}`);
    if (target === "/run/secrets") fail(`invalid secret target ${JSON.stringify(t)}`);
  }
  return { name, type, target, uid, gid, mode };
}

/** Destinations no user mount may cover. */
export function checkDestination(dest: string): void {
  if (dest === "/") fail("invalid mount destination \"/\": cannot mount over the container's root");
  if (dest === "/proc" || dest.startsWith("/proc/")) fail(`invalid mount destination ${JSON.stringify(dest)}: cannot mount over /proc`);
}
