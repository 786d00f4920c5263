/**
 * The SpecGenerator: user options + image config + containers.conf defaults → the OCI runtime
 * spec Podman 4.3.1 writes for a root container (checked against config.json files Podman
 * generated on this host; see generate-spec.test.ts). Pure: no I/O, no clock, no environment.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { resolveCapabilities } from "./capabilities.ts";
import type { OciLinux, OciMount, OciProcess, OciSpec } from "./oci-spec-types.ts";
import { resolveGroups, resolveUser } from "./resolve-user.ts";
import { resolveRlimits } from "./rlimits.ts";
import { convertSeccomp } from "./seccomp.ts";
import { signalNumber } from "../util/signal-number.ts";
import type { SpecInput, SpecOutput } from "./spec-options.ts";
import { buildMounts, DEFAULT_SHM_SIZE, MASKED_PATHS, READONLY_PATHS } from "./spec-mounts.ts";
import { mergeEnv, resolveCommand, resolveWorkdir } from "./spec-process.ts";
import { buildNamespaces } from "./spec-namespaces.ts";
import { buildDevices, buildResources } from "./spec-resources.ts";
import { checkSysctl } from "./sysctl-rules.ts";
import { sysfsForUserns } from "./spec-userns.ts";
import { exactError } from "../errors/tspod-error.ts";

/** Where Podman mounts the init binary (`--init`). */
export const INIT_PATH_IN_CONTAINER = "/run/podman-init";

export const OCI_VERSION = "1.0.2-dev";
/** Podman's default umask (0022). */
export const DEFAULT_UMASK = 0o022;

export function generateSpec(input: SpecInput): SpecOutput {
  const hostNetwork = input.network.mode === "host";
  const hostname = input.hostname || (hostNetwork && input.hostHostname ? input.hostHostname : input.id.slice(0, 12));
  const privileged = input.privileged === true;

  const command = resolveCommand(input.imageConfig, input.entrypoint, input.command);
  const ns = input.namespaces ?? {};
  if (input.initPath !== undefined && ns.pid && ns.pid.mode !== "private") {
    throw exactError("invalid_argument", "cannot add init binary as PID 1 (PID namespace isn't private)");
  }
  if (input.hostname && ns.uts && ns.uts.mode === "host") {
    throw new TspodError("config", "invalid config provided: cannot set hostname when running in the host UTS namespace");
  }
  const args = input.initPath !== undefined ? [INIT_PATH_IN_CONTAINER, "--", ...command] : command;
  const user = resolveUser(input.user ?? input.imageConfig.User ?? "", input.passwd, input.group);
  if (input.groupAdd && input.groupAdd.length > 0) {
    const extra = resolveGroups(input.groupAdd, input.group);
    const gids = user.additionalGids ?? [user.gid];
    for (const g of extra) if (!gids.includes(g)) gids.push(g);
    user.additionalGids = gids;
  }
  const env = mergeEnv({
    defaults: input.defaults.env,
    image: input.imageConfig.Env ?? [],
    user: input.env,
    hostname,
    home: user.home,
    unset: input.unsetEnv,
    unsetAll: input.unsetEnvAll,
  });
  const capabilities = resolveCapabilities({
    defaults: input.defaults.capabilities,
    capAdd: input.capAdd,
    capDrop: input.capDrop,
    privileged,
    uid: user.uid,
    hostCapabilities: input.hostCapabilities,
  });

  const process: OciProcess = {
    ...(input.tty ? { terminal: true } : {}),
    user: {
      uid: user.uid,
      gid: user.gid,
      umask: input.umask ?? DEFAULT_UMASK,
      ...(user.additionalGids ? { additionalGids: user.additionalGids } : {}),
    },
    args,
    env,
    cwd: resolveWorkdir(input.workdir, input.imageConfig.WorkingDir),
    capabilities,
    rlimits: resolveRlimits(input.ulimits, input.defaults.ulimits, input.hostLimits),
    ...(input.security?.noNewPrivileges ? { noNewPrivileges: true } : {}),
    ...(input.oomScoreAdj !== undefined ? { oomScoreAdj: input.oomScoreAdj } : {}),
  };

  const linux: OciLinux = {
    ...sysctls(input, hostNetwork),
    resources: buildResources({
      privileged,
      pidsLimit: input.pidsLimit ?? input.defaults.pidsLimit,
      resources: input.resources,
      devices: privileged ? [] : input.devices,
    }),
    cgroupsPath: input.cgroupsPath,
    namespaces: buildNamespaces(input.network, ns),
  };
  if (input.userns) {
    linux.namespaces.push({ type: "user", ...(input.userns.path ? { path: input.userns.path } : {}) });
    linux.uidMappings = input.userns.uidMappings;
    linux.gidMappings = input.userns.gidMappings;
  }
  if (privileged) {
    if (input.hostDevices && input.hostDevices.length > 0) linux.devices = input.hostDevices.map((d) => ({ ...d }));
  } else {
    if (input.devices && input.devices.length > 0) linux.devices = buildDevices(input.devices);
    if (input.seccompProfile !== undefined) {
      linux.seccomp = convertSeccomp(input.seccompProfile, {
        capabilities: capabilities.bounding ?? [],
        arch: input.arch,
        kernelVersion: input.kernelVersion,
      });
    }
    const unmask = input.security?.unmask ?? [];
    const all = unmask.includes("ALL");
    const keep = (p: string) => !all && !unmask.includes(p);
    linux.maskedPaths = [...MASKED_PATHS.filter(keep), ...(input.security?.mask ?? [])];
    linux.readonlyPaths = READONLY_PATHS.filter(keep);
  }

  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process,
    root: { path: input.rootfsPath, ...(input.readOnly ? { readonly: true } : {}) },
    // runc sets the hostname in the container's UTS namespace: only in a private one (Podman's rule).
    ...(!ns.uts || ns.uts.mode === "private" ? { hostname } : {}),
    mounts: buildMounts({
      privileged,
      readOnly: input.readOnly === true,
      readOnlyTmpfs: input.readOnlyTmpfs !== false,
      shmSize: input.shmSize ?? input.defaults.shmSize ?? DEFAULT_SHM_SIZE,
      extraMounts: [...input.extraMounts, ...featureMounts(input)],
    }),
    annotations: annotations(input, privileged),
    linux,
  };
  if (input.userns) spec.mounts = sysfsForUserns(spec.mounts, hostNetwork);
  return {
    spec,
    command: args,
    user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids ?? [] },
    env,
  };
}

/** `--init`, `--tz` and `--tmpfs` mounts. */
function featureMounts(input: SpecInput): OciMount[] {
  const out: OciMount[] = [];
  if (input.initPath !== undefined) {
    out.push({ destination: INIT_PATH_IN_CONTAINER, type: "bind", source: input.initPath, options: ["bind", "ro", "rprivate"] });
  }
  if (input.localtime !== undefined) {
    out.push({ destination: "/etc/localtime", type: "bind", source: input.localtime, options: ["bind", "ro", "rprivate"] });
  }
  for (const [destination, opts] of Object.entries(input.tmpfs ?? {})) {
    out.push({ destination, type: "tmpfs", source: "tmpfs", options: tmpfsOptions(opts) });
  }
  return out;
}

/** The user's tmpfs options, then Podman's defaults for what they did not set. */
export function tmpfsOptions(user: string): string[] {
  const opts = user.split(",").map((o) => o.trim()).filter(Boolean);
  const has = (...names: string[]) => opts.some((o) => names.includes(o));
  if (!has("rw", "ro")) opts.push("rw");
  if (!has("rprivate", "private", "shared", "rshared", "slave", "rslave")) opts.push("rprivate");
  if (!has("suid", "nosuid")) opts.push("nosuid");
  if (!has("dev", "nodev")) opts.push("nodev");
  if (!has("notmpcopyup", "tmpcopyup")) opts.push("tmpcopyup");
  return opts.filter((o) => o !== "notmpcopyup");
}

/**
 * containers.conf `default_sysctls` then `--sysctl`. With the host's network namespace the
 * default `net.*` ones are skipped and a user `net.*` one is an error, as in Podman.
 */
function sysctls(input: SpecInput, hostNetwork: boolean): { sysctl?: Record<string, string> } {
  const out: Record<string, string> = {};
  for (const entry of input.defaults.sysctls ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new TspodError("config", `invalid default sysctl ${entry}`);
    const key = entry.slice(0, eq).trim();
    if (hostNetwork && key.startsWith("net.")) continue;
    out[key] = entry.slice(eq + 1).trim();
  }
  for (const [key, value] of Object.entries(input.sysctls ?? {})) {
    if (hostNetwork && key.startsWith("net.")) {
      throw new TspodError("invalid_argument", `sysctl ${key} can't be set since Network Namespace set to host`);
    }
    checkSysctl(key, input.namespaces ?? {});
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? { sysctl: out } : {};
}

function annotations(input: SpecInput, privileged: boolean): Record<string, string> {
  const bool = (b: boolean | undefined) => (b ? "TRUE" : "FALSE");
  const stop = input.stopSignal || input.imageConfig.StopSignal || "SIGTERM";
  const out: Record<string, string> = {
    "io.container.manager": "libpod",
    ...(input.created ? { "io.kubernetes.cri-o.Created": input.created } : {}),
    "io.kubernetes.cri-o.TTY": input.tty ? "true" : "false",
    "io.podman.annotations.autoremove": bool(input.autoRemove),
    "io.podman.annotations.init": bool(input.init),
    "io.podman.annotations.privileged": bool(privileged),
    "io.podman.annotations.publish-all": bool(input.publishAll),
    "org.opencontainers.image.stopSignal": String(signalNumber(stop)),
  };
  return { ...out, ...(input.annotations ?? {}) };
}
