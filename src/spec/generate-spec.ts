/**
 * The SpecGenerator: user options + image config + containers.conf defaults → the OCI runtime
 * spec Podman 4.3.1 writes for a root container (checked against config.json files Podman
 * generated on this host; see generate-spec.test.ts). Pure: no I/O, no clock, no environment.
 */
import { TspodError } from "../errors/tspod-error.ts";
import { resolveCapabilities } from "./capabilities.ts";
import type { OciLinux, OciNamespace, OciProcess, OciResources, OciSpec } from "./oci-spec-types.ts";
import { resolveUser } from "./resolve-user.ts";
import { resolveRlimits } from "./rlimits.ts";
import { convertSeccomp } from "./seccomp.ts";
import { signalNumber } from "./signal-number.ts";
import type { SpecInput, SpecOutput } from "./spec-options.ts";
import { buildMounts, DEFAULT_SHM_SIZE, MASKED_PATHS, READONLY_PATHS } from "./spec-mounts.ts";
import { mergeEnv, resolveCommand, resolveWorkdir } from "./spec-process.ts";

export const OCI_VERSION = "1.0.2-dev";
/** Podman's default umask (0022). */
export const DEFAULT_UMASK = 0o022;

export function generateSpec(input: SpecInput): SpecOutput {
  const hostNetwork = input.network.mode === "host";
  const hostname = input.hostname || (hostNetwork && input.hostHostname ? input.hostHostname : input.id.slice(0, 12));
  const privileged = input.privileged === true;

  const command = resolveCommand(input.imageConfig, input.entrypoint, input.command);
  const user = resolveUser(input.user ?? input.imageConfig.User ?? "", input.passwd, input.group);
  const env = mergeEnv({
    defaults: input.defaults.env,
    image: input.imageConfig.Env ?? [],
    user: input.env,
    hostname,
    home: user.home,
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
      umask: DEFAULT_UMASK,
      ...(user.additionalGids ? { additionalGids: user.additionalGids } : {}),
    },
    args: command,
    env,
    cwd: resolveWorkdir(input.workdir, input.imageConfig.WorkingDir),
    capabilities,
    rlimits: resolveRlimits(input.ulimits, input.defaults.ulimits, input.hostLimits),
  };

  const linux: OciLinux = {
    ...sysctls(input, hostNetwork),
    resources: resources(input, privileged),
    cgroupsPath: input.cgroupsPath,
    namespaces: namespaces(input),
  };
  if (privileged) {
    if (input.hostDevices && input.hostDevices.length > 0) linux.devices = input.hostDevices.map((d) => ({ ...d }));
  } else {
    if (input.seccompProfile !== undefined) {
      linux.seccomp = convertSeccomp(input.seccompProfile, {
        capabilities: capabilities.bounding ?? [],
        arch: input.arch,
        kernelVersion: input.kernelVersion,
      });
    }
    linux.maskedPaths = [...MASKED_PATHS];
    linux.readonlyPaths = [...READONLY_PATHS];
  }

  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process,
    root: { path: input.rootfsPath, ...(input.readOnly ? { readonly: true } : {}) },
    hostname,
    mounts: buildMounts({
      privileged,
      readOnly: input.readOnly === true,
      readOnlyTmpfs: input.readOnlyTmpfs !== false,
      shmSize: input.shmSize ?? input.defaults.shmSize ?? DEFAULT_SHM_SIZE,
      extraMounts: input.extraMounts,
    }),
    annotations: annotations(input, privileged),
    linux,
  };
  return {
    spec,
    command,
    user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids ?? [] },
    env,
  };
}

/** Podman's order: pid, network, ipc, uts, mount; no cgroup namespace on cgroup v1/hybrid. */
function namespaces(input: SpecInput): OciNamespace[] {
  const out: OciNamespace[] = [{ type: "pid" }];
  const net = input.network;
  if (net.mode === "path") out.push({ type: "network", path: net.path });
  else if (net.mode !== "host") out.push({ type: "network" });
  out.push({ type: "ipc" }, { type: "uts" }, { type: "mount" });
  return out;
}

function resources(input: SpecInput, privileged: boolean): OciResources {
  const out: OciResources = { devices: [{ allow: privileged, access: "rwm" }] };
  const pids = input.pidsLimit ?? input.defaults.pidsLimit;
  if (pids !== undefined && pids > 0) out.pids = { limit: pids };
  return out;
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
