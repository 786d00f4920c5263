/**
 * Resolves the `podman run` flags of ContainerCreateFlags into SpecInput fields and the
 * ContainerSettings inspect shows: parses and validates values (Podman's messages), reads the host
 * files they name and looks up the containers whose namespaces are joined.
 */
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateFlags } from "../domain/container-engine.ts";
import type { ContainerSettings } from "../engine/container/container-record.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { SpecInput, SpecNamespaceMode, SpecNamespaces } from "../spec/spec-options.ts";
import { namespaceModeText, parseNamespaceMode } from "../spec/spec-namespaces.ts";
import { parseMemory, parseNanoCpus, ramInBytes } from "../util/parse-units.ts";
import { parseSecurityOpts } from "../spec/security-opts.ts";
import { parseSysctls } from "../spec/sysctl-rules.ts";
import { parseSize } from "../spec/spec-mounts.ts";
import { tmpfsOptions } from "../spec/generate-spec.ts";
import { resolveUserns } from "./userns-options.ts";
import { idMappingText } from "../spec/spec-userns.ts";
import { checkCidFile, checkCpus, checkInitBinary, loadSeccompFile, resolveDevice, resolveTimezone } from "./create-host-files.ts";
import { readEnvFile, readLabelFile } from "../util/flag-files.ts";

export const DEFAULT_INIT_PATH = "/usr/bin/catatonit";
const LOG_DRIVERS = ["k8s-file", "json-file", "none", "passthrough"];
const CGROUP_MODES = ["enabled", "disabled", "no-conmon", "split"];
const CPU_PERIOD = 100_000;

/** The SpecInput fields the flags decide. */
export type FlagSpecFields = Pick<
  SpecInput,
  "groupAdd" | "umask" | "initPath" | "tmpfs" | "localtime" | "security" | "resources" | "devices" | "namespaces" | "oomScoreAdj" | "readOnlyTmpfs" | "sysctls" | "pidsLimit" | "shmSize" | "stopSignal" | "init" | "userns"
>;

export interface ResolvedCreateFlags {
  spec: FlagSpecFields;
  settings: ContainerSettings;
  /** Environment from --env-host and --env-file (under -e). */
  env: Record<string, string>;
  unsetEnv: string[];
  unsetEnvAll: boolean;
  /** Labels from --label-file (under -l). */
  labels: string[];
  annotations: Record<string, string>;
  /** undefined = the default profile; null = unconfined; else a parsed profile. */
  seccomp: unknown;
  logDriver?: string;
  logPath?: string;
  stopTimeout?: number;
}

function parseAnnotations(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of entries) {
    const eq = a.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", "annotations must be formatted KEY=VALUE");
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

function parseTmpfs(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of entries) {
    const colon = t.indexOf(":");
    const dest = colon >= 0 ? t.slice(0, colon) : t;
    const opts = colon >= 0 ? t.slice(colon + 1) : "";
    if (!dest.startsWith("/")) throw exactError("invalid_argument", `invalid container path ${JSON.stringify(dest)}, must be an absolute path`);
    out[dest] = opts;
  }
  return out;
}

function parseUmask(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-7]{1,4}$/.test(value)) throw new TspodError("invalid_argument", `running container create option: invalid umask string ${value}`);
  return parseInt(value, 8);
}

/** Decimal sizes for --log-opt max-size (Docker's FromHumanSize): `1m` = 1000000. */
function humanSize(value: string): number {
  const m = value.trim().match(/^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[bB]?$/);
  if (!m) throw exactError("invalid_argument", `invalid size: '${value}'`);
  const mult: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
  return Math.floor(Number(m[1]) * mult[(m[2] ?? "").toLowerCase()]!);
}

function namespaceFlag(rt: Runtime, value: string | undefined, what: string): SpecNamespaceMode | undefined {
  if (value === undefined) return undefined;
  const mode = parseNamespaceMode(value);
  if (mode.mode !== "container") return mode;
  const id = rt.state.lookupContainerId(mode.id);
  if (!id) {
    throw new TspodError("no_such_container", `looking up container to share ${what} namespace with: no container with name or ID ${JSON.stringify(mode.id)} found`);
  }
  return { mode: "container", id };
}

function intOr(value: number | undefined, fallback = 0): number {
  return value ?? fallback;
}

export function resolveCreateFlags(rt: Runtime, f: ContainerCreateFlags, hostEnv: NodeJS.ProcessEnv): ResolvedCreateFlags {
  const conf = rt.settings.conf.containers;
  // environment
  const env: Record<string, string> = {};
  if (f.envHost) for (const [k, v] of Object.entries(hostEnv)) if (v !== undefined) env[k] = v;
  for (const file of f.envFiles ?? []) Object.assign(env, readEnvFile(file, hostEnv));
  const labels = (f.labelFiles ?? []).flatMap(readLabelFile);
  const annotations = parseAnnotations(f.annotations ?? []);

  // security
  const security = parseSecurityOpts(f.securityOpt ?? []);
  let seccomp: unknown;
  if (security.seccomp === "unconfined") {
    seccomp = null;
    annotations["io.podman.annotations.seccomp"] = "unconfined";
  } else if (security.seccomp) seccomp = loadSeccompFile(security.seccomp);

  // resources
  const memory = parseMemory(f.memory);
  const memoryReservation = parseMemory(f.memoryReservation);
  const memorySwap = parseMemory(f.memorySwap, true);
  const nanoCpus = parseNanoCpus(f.cpus);
  checkCpus(f.cpusetCpus, f.cpusetMems, nanoCpus);
  let cpuPeriod = f.cpuPeriod;
  let cpuQuota = f.cpuQuota;
  if (nanoCpus !== undefined && nanoCpus > 0) {
    if (cpuPeriod !== undefined || cpuQuota !== undefined) {
      throw exactError("invalid_argument", "--cpus and --cpu-period/--cpu-quota cannot be set together");
    }
    cpuPeriod = CPU_PERIOD;
    cpuQuota = Math.round((nanoCpus / 1e9) * CPU_PERIOD);
  }
  if (f.cpuShares !== undefined && f.cpuShares < 0) {
    throw exactError("bad_flag", `invalid argument "${f.cpuShares}" for "-c, --cpu-shares" flag: strconv.ParseUint: parsing "${f.cpuShares}": invalid syntax`);
  }
  let shmSize: number | undefined;
  if (f.shmSize !== undefined) {
    shmSize = ramInBytes(f.shmSize);
    if (shmSize === undefined) throw exactError("invalid_argument", `unable to translate --shm-size: invalid size: '${f.shmSize}'`);
  }
  const devices = (f.devices ?? []).map(resolveDevice);
  const sysctls = parseSysctls(f.sysctls ?? []);
  if (f.oomScoreAdj !== undefined && (f.oomScoreAdj < -1000 || f.oomScoreAdj > 1000)) {
    throw exactError("invalid_argument", `oom_score_adj must be between -1000 and 1000: ${f.oomScoreAdj}`);
  }

  // namespaces
  const namespaces: SpecNamespaces = {
    pid: namespaceFlag(rt, f.pid, "pid"),
    // `shareable`: a private namespace whose /dev/shm others can join (local/shm-options.ts)
    ipc: namespaceFlag(rt, f.ipc === "shareable" ? "private" : f.ipc, "ipc"),
    uts: namespaceFlag(rt, f.uts, "uts"),
    cgroup: namespaceFlag(rt, f.cgroupns, "cgroup"),
  };
  const dependencies = Object.values(namespaces).flatMap((m) => (m?.mode === "container" ? [m.id] : []));
  const userns = resolveUserns(rt, f);
  if (userns.mode.startsWith("container:")) dependencies.push(userns.mode.slice("container:".length));

  // cgroups
  const cgroups = f.cgroups ?? "enabled";
  if (!CGROUP_MODES.includes(cgroups)) throw new TspodError("invalid_argument", `running container create option: invalid cgroup mode ${JSON.stringify(cgroups)}`);
  if (cgroups === "disabled") {
    if (rt.oci.name === "runc") throw new TspodError("invalid_argument", `requested OCI runtime ${rt.oci.name} is not compatible with NoCgroups`);
    if (namespaces.pid?.mode === "container") throw new TspodError("invalid_argument", "cannot join another container's PID namespace if not creating cgroups");
  }

  // init, time zone, umask, stop signal
  const initPath = f.init ? checkInitBinary(f.initPath ?? DEFAULT_INIT_PATH) : undefined;
  const localtime = f.tz !== undefined ? resolveTimezone(f.tz) : undefined;
  const umask = parseUmask(f.umask);

  // logging
  const logDriver = f.logDriver;
  if (logDriver !== undefined && !LOG_DRIVERS.includes(logDriver)) {
    throw new TspodError("invalid_argument", "running container create option: invalid log driver");
  }
  let logPath: string | undefined;
  let logTag = "";
  let logSizeMax = 0;
  for (const opt of f.logOpts ?? []) {
    const eq = opt.indexOf("=");
    if (eq <= 0) throw exactError("invalid_argument", `invalid log option ${JSON.stringify(opt)}: must be KEY=VALUE`);
    const key = opt.slice(0, eq);
    const value = opt.slice(eq + 1);
    if (key === "path") logPath = value;
    else if (key === "tag") logTag = value;
    else if (key === "max-size") logSizeMax = humanSize(value);
  }

  const tmpfs = parseTmpfs(f.tmpfs ?? []);
  const pidsLimit = f.pidsLimit;
  const settings: ContainerSettings = {
    groupAdd: f.groupAdd ?? [],
    init: f.init === true,
    initPath: initPath ?? "",
    readOnlyTmpfs: f.readOnlyTmpfs !== false,
    tmpfs: Object.fromEntries(Object.entries(tmpfs).map(([d, o]) => [d, tmpfsOptions(o).join(",")])),
    securityOpt: security.recorded,
    memory: intOr(memory),
    memorySwap: memorySwap ?? (memory ? memory * 2 : 0),
    memoryReservation: intOr(memoryReservation),
    nanoCpus: intOr(nanoCpus),
    cpuShares: intOr(f.cpuShares),
    cpuQuota: intOr(cpuQuota),
    cpuPeriod: intOr(cpuPeriod),
    cpusetCpus: f.cpusetCpus ?? "",
    cpusetMems: f.cpusetMems ?? "",
    pidsLimit: pidsLimit ?? conf.pidsLimit,
    shmSize: shmSize ?? parseSize(conf.shmSize),
    devices: devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.path, CgroupPermissions: d.access })),
    sysctls,
    pidMode: namespaceModeText(namespaces.pid),
    ipcMode: namespaceModeText(namespaces.ipc, "shareable"),
    utsMode: namespaceModeText(namespaces.uts),
    cgroupnsMode: namespaceModeText(namespaces.cgroup, "host"),
    cgroupParent: f.cgroupParent ?? "",
    cgroups: cgroups === "enabled" ? "default" : cgroups,
    oomScoreAdj: intOr(f.oomScoreAdj),
    cidfile: f.cidfile ?? "",
    timezone: f.tz ?? "",
    umask: (umask ?? 0o022).toString(8).padStart(4, "0"),
    logTag,
    logSizeMax,
    dependencies: [...new Set(dependencies)],
    usernsMode: userns.mode,
    ...(userns.userns ? { idMappings: { UidMap: idMappingText(userns.userns.uidMappings), GidMap: idMappingText(userns.userns.gidMappings) } } : {}),
  };
  if (f.cidfile) checkCidFile(f.cidfile);
  return {
    spec: {
      groupAdd: f.groupAdd,
      umask,
      initPath,
      init: f.init,
      tmpfs,
      localtime,
      security,
      resources: { memory, memoryReservation, memorySwap, cpuShares: f.cpuShares, cpuQuota, cpuPeriod, cpusetCpus: f.cpusetCpus, cpusetMems: f.cpusetMems },
      devices,
      namespaces,
      oomScoreAdj: f.oomScoreAdj,
      readOnlyTmpfs: f.readOnlyTmpfs,
      sysctls,
      pidsLimit,
      shmSize: shmSize !== undefined ? String(shmSize) : undefined,
      stopSignal: f.stopSignal,
      userns: userns.userns,
    },
    settings,
    env,
    unsetEnv: f.unsetenv ?? [],
    unsetEnvAll: f.unsetenvAll === true,
    labels,
    annotations,
    seccomp,
    logDriver,
    logPath,
    stopTimeout: f.stopTimeout,
  };
}
