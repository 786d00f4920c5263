/**
 * Create flags that read the host: env and label files, devices, the init binary, time zones, the
 * seccomp profile, the cid file and the host's CPUs and memory nodes. Errors use Podman's wording.
 */
import fs from "node:fs";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { SpecDevice } from "../spec/spec-options.ts";
import { parseCpuList } from "../util/parse-units.ts";
import { errnoText } from "../util/flag-files.ts";

/** `--device HOST[:CTR[:perms]]` → the device node as runc creates it in the container. */
export function resolveDevice(value: string): SpecDevice & { hostPath: string } {
  const parts = value.split(":");
  if (parts.length > 3 || parts[0] === "") throw exactError("invalid_argument", `invalid device specification: ${value}`);
  const hostPath = parts[0]!;
  let ctrPath = hostPath;
  let access = "rwm";
  if (parts.length === 2) {
    if (/^[rwm]+$/.test(parts[1]!)) access = parts[1]!;
    else ctrPath = parts[1]!;
  } else if (parts.length === 3) {
    ctrPath = parts[1]!;
    access = parts[2]!;
  }
  if (!/^[rwm]+$/.test(access)) throw exactError("invalid_argument", `invalid device mode: ${access}`);
  if (!ctrPath.startsWith("/")) throw exactError("invalid_argument", `${ctrPath} is not an absolute path`);
  let st: fs.Stats;
  try {
    st = fs.statSync(hostPath);
  } catch (err) {
    throw exactError("invalid_argument", `stat ${hostPath}: ${errnoText(err)}`);
  }
  if (!st.isCharacterDevice() && !st.isBlockDevice()) throw exactError("invalid_argument", `${hostPath} is not a valid device`);
  const rdev = st.rdev;
  const major = Number((BigInt(rdev) >> 8n) & 0xfffn) | Number((BigInt(rdev) >> 32n) & ~0xfffn);
  const minor = Number(BigInt(rdev) & 0xffn) | Number((BigInt(rdev) >> 12n) & ~0xffn);
  return { hostPath, path: ctrPath, type: st.isCharacterDevice() ? "c" : "b", major, minor, fileMode: st.mode, uid: st.uid, gid: st.gid, access };
}

/** `--init-path` (default: containers.conf or /usr/bin/catatonit) must exist. */
export function checkInitBinary(file: string): string {
  try {
    fs.statSync(file);
  } catch (err) {
    throw exactError("invalid_argument", `container-init binary not found on the host: stat ${file}: ${errnoText(err)}`);
  }
  return file;
}

/** `--tz local` → the host's /etc/localtime; `--tz Zone/Name` → its zoneinfo file. */
export function resolveTimezone(tz: string): string {
  const file = tz === "local" ? "/etc/localtime" : `/usr/share/zoneinfo/${tz}`;
  if (tz !== "local" && (tz.includes("..") || tz.startsWith("/"))) {
    throw exactError("invalid_argument", `running container create option: invalid timezone ${tz}`);
  }
  try {
    return fs.realpathSync(file);
  } catch (err) {
    throw exactError("invalid_argument", `running container create option: stat ${file}: ${errnoText(err)}`);
  }
}

/** `--security-opt seccomp=PATH`. */
export function loadSeccompFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw exactError("invalid_argument", `opening seccomp profile failed: open ${file}: ${errnoText(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw exactError("invalid_argument", `decoding seccomp profile failed: ${(err as Error).message}`);
  }
}

/** Podman refuses a cid file that already exists. */
export function checkCidFile(file: string): void {
  if (fs.existsSync(file)) {
    throw exactError("invalid_argument", `container id file exists. Ensure another container is not using it or delete ${file}`);
  }
}

export function writeCidFile(file: string, id: string): void {
  try {
    fs.writeFileSync(file, id, { flag: "wx", mode: 0o644 });
  } catch (err) {
    throw exactError("invalid_argument", `opening cidfile ${file}: ${errnoText(err)}`);
  }
}

function onlineList(file: string): number[] {
  try {
    return parseCpuList(fs.readFileSync(file, "utf8").trim()) ?? [];
  } catch {
    return [];
  }
}

/** `--cpuset-cpus`/`--cpuset-mems` must name online CPUs/nodes; `--cpus` at most the host's CPU count. */
export function checkCpus(cpusetCpus?: string, cpusetMems?: string, nanoCpus?: number): void {
  const check = (value: string, file: string, what: string) => {
    const wanted = parseCpuList(value);
    if (!wanted) throw new TspodError("invalid_argument", `invalid value ${JSON.stringify(value)} for cpuset`);
    const online = onlineList(file);
    if (online.length > 0 && wanted.some((c) => !online.includes(c))) {
      const avail = fs.readFileSync(file, "utf8").trim();
      throw exactError("invalid_argument", `requested ${what} are not available - requested ${value}, available: ${avail}`);
    }
  };
  if (cpusetCpus) check(cpusetCpus, "/sys/devices/system/cpu/online", "CPUs");
  if (cpusetMems) check(cpusetMems, "/sys/devices/system/node/online", "memory nodes");
  if (nanoCpus !== undefined && nanoCpus > 0) {
    const count = onlineList("/sys/devices/system/cpu/online").length;
    if (count > 0 && (nanoCpus > count * 1e9 || nanoCpus < 1e7)) {
      throw exactError("invalid_argument", `range of CPUs is from 0.01 to ${count.toFixed(2)}, as there are only ${count} CPUs available`);
    }
  }
}
