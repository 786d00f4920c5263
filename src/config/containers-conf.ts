/**
 * containers.conf: the engine defaults a Podman user configures. Read from (later overrides
 * earlier) /usr/share/containers/containers.conf, /etc/containers/containers.conf and its
 * containers.conf.d drop-ins — or only from $CONTAINERS_CONF when set, as Podman does.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { TspodError } from "../errors/tspod-error.ts";

export interface ContainersConf {
  containers: {
    defaultCapabilities: string[];
    defaultUlimits: string[];
    defaultSysctls: string[];
    env: string[];
    pidsLimit: number;
    shmSize: string;
    logDriver: string;
    seccompProfile: string;
    tz: string;
  };
  engine: {
    /** Runtime name chosen by the user, or "" to pick one that works on this host. */
    runtime: string;
    runtimes: Record<string, string[]>;
    conmonPath: string[];
    networkCmdPath: string;
    stopTimeout: number;
  };
  network: {
    /** `network_config_dir`: where network JSON files live (Podman: /etc/containers/networks). */
    configDir: string;
    defaultNetwork: string;
    defaultSubnet: string;
    /** `default_subnet_pools`: where `network create` picks free subnets. */
    subnetPools: { base: string; size: number }[];
    /** `dns_bind_port` is not supported; netavark's own default (53) is used. */
  };
  /** Files that were read, in order (for `tspod info`). */
  files: string[];
}

const DEFAULT_FILES = ["/usr/share/containers/containers.conf", "/etc/containers/containers.conf"];
const DROPIN_DIR = "/etc/containers/containers.conf.d";

export function defaultContainersConf(): ContainersConf {
  return {
    containers: {
      defaultCapabilities: [
        "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
      ],
      // Podman's built-in default is nofile=1048576 and nproc=1048576; the spec generator clamps
      // defaults to the host's hard limits so the first run works out of the box.
      defaultUlimits: ["nofile=1048576:1048576", "nproc=1048576:1048576"],
      defaultSysctls: ["net.ipv4.ping_group_range=0 0"],
      env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      pidsLimit: 2048,
      shmSize: "65536k",
      logDriver: "k8s-file",
      seccompProfile: "/usr/share/containers/seccomp.json",
      tz: "",
    },
    engine: {
      runtime: "",
      runtimes: {
        runc: ["/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc"],
        crun: ["/usr/bin/crun", "/usr/local/bin/crun"],
      },
      conmonPath: ["/usr/bin/conmon", "/usr/libexec/podman/conmon", "/usr/local/bin/conmon"],
      networkCmdPath: "",
      stopTimeout: 10,
    },
    network: {
      configDir: "/etc/containers/networks",
      defaultNetwork: "podman",
      defaultSubnet: "10.88.0.0/16",
      subnetPools: [
        { base: "10.89.0.0/16", size: 24 }, { base: "10.90.0.0/15", size: 24 }, { base: "10.92.0.0/14", size: 24 },
        { base: "10.96.0.0/11", size: 24 }, { base: "10.128.0.0/9", size: 24 },
      ],
    },
    files: [],
  };
}

type Table = Record<string, unknown>;

function strings(v: unknown, key: string, file: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw new TspodError("config", `${file}: ${key} must be an array of strings`);
  }
  return v as string[];
}

function scalar<T extends string | number>(v: unknown, type: "string" | "number", key: string, file: string): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== type) throw new TspodError("config", `${file}: ${key} must be a ${type}`);
  return v as T;
}

/** Applies one parsed file onto `conf`. Exported for tests. */
export function applyContainersConf(conf: ContainersConf, doc: Table, file: string): void {
  const c = (doc.containers ?? {}) as Table;
  const e = (doc.engine ?? {}) as Table;
  const cc = conf.containers;
  cc.defaultCapabilities = strings(c.default_capabilities, "default_capabilities", file) ?? cc.defaultCapabilities;
  cc.defaultUlimits = strings(c.default_ulimits, "default_ulimits", file) ?? cc.defaultUlimits;
  cc.defaultSysctls = strings(c.default_sysctls, "default_sysctls", file) ?? cc.defaultSysctls;
  cc.env = strings(c.env, "env", file) ?? cc.env;
  cc.pidsLimit = scalar<number>(c.pids_limit, "number", "pids_limit", file) ?? cc.pidsLimit;
  cc.shmSize = scalar<string>(c.shm_size, "string", "shm_size", file) ?? cc.shmSize;
  cc.logDriver = scalar<string>(c.log_driver, "string", "log_driver", file) ?? cc.logDriver;
  cc.seccompProfile = scalar<string>(c.seccomp_profile, "string", "seccomp_profile", file) ?? cc.seccompProfile;
  cc.tz = scalar<string>(c.tz, "string", "tz", file) ?? cc.tz;
  const en = conf.engine;
  en.runtime = scalar<string>(e.runtime, "string", "runtime", file) ?? en.runtime;
  en.conmonPath = strings(e.conmon_path, "conmon_path", file) ?? en.conmonPath;
  en.stopTimeout = scalar<number>(e.stop_timeout, "number", "stop_timeout", file) ?? en.stopTimeout;
  const n = (doc.network ?? {}) as Table;
  const net = conf.network;
  net.configDir = scalar<string>(n.network_config_dir, "string", "network_config_dir", file) ?? net.configDir;
  net.defaultNetwork = scalar<string>(n.default_network, "string", "default_network", file) ?? net.defaultNetwork;
  net.defaultSubnet = scalar<string>(n.default_subnet, "string", "default_subnet", file) ?? net.defaultSubnet;
  if (Array.isArray(n.default_subnet_pools)) {
    net.subnetPools = (n.default_subnet_pools as Table[]).map((p) => ({ base: String(p.base), size: Number(p.size) }));
  }
  const runtimes = e.runtimes as Table | undefined;
  if (runtimes) {
    for (const [name, paths] of Object.entries(runtimes)) {
      const list = strings(paths, `runtimes.${name}`, file);
      if (list) en.runtimes[name] = list;
    }
  }
  conf.files.push(file);
}

function readToml(file: string): Table | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new TspodError("config", `reading ${file}`, err);
  }
  try {
    return parseToml(text) as Table;
  } catch (err) {
    throw new TspodError("config", `parsing ${file}: ${(err as Error).message}`, err);
  }
}

export function loadContainersConf(env: NodeJS.ProcessEnv = process.env): ContainersConf {
  const conf = defaultContainersConf();
  const only = env.CONTAINERS_CONF;
  let files: string[];
  if (only) {
    files = [only];
  } else {
    let dropins: string[] = [];
    try {
      dropins = fs.readdirSync(DROPIN_DIR).filter((f) => f.endsWith(".conf")).sort().map((f) => path.join(DROPIN_DIR, f));
    } catch {
      // no drop-in directory
    }
    files = [...DEFAULT_FILES, ...dropins];
  }
  for (const file of files) {
    const doc = readToml(file);
    if (doc) applyContainersConf(conf, doc, file);
    else if (only) throw new TspodError("config", `CONTAINERS_CONF file ${file} does not exist`);
  }
  return conf;
}
