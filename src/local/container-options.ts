/**
 * Turns the user's create options and the image into a container config: what `podman create`
 * decides once (command, env, user, the OCI spec) before the container is stored.
 */
import { parseRestartPolicy } from "./restart-policy.ts";
import fs from "node:fs";
import { hostName, kernelRelease } from "../util/kernel-info.ts";
import { randomHexId } from "../util/random-id.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import type { ContainerConfig } from "../engine/container/container-record.ts";
import { randomContainerName, isValidContainerName } from "../engine/container/container-names.ts";
import { containerFilePaths } from "../engine/container/container-files.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { generateSpec } from "../spec/generate-spec.ts";
import { resolveContainerNetwork } from "./container-network-options.ts";
import { signalNumber } from "../util/signal-number.ts";
import { readHostLimits } from "../config/host-limits.ts";
import { readImageFile } from "./image-files.ts";
import { imageDisplayName } from "./image-display-name.ts";
import { readHostCapabilities } from "./host-capabilities.ts";
import { resolveCreateFlags } from "./create-flag-options.ts";
import { resolveContainerMounts } from "./container-mounts.ts";
import { namespaceDependencies } from "../spec/spec-namespaces.ts";
import { usernsFileFor } from "../network/netns-userns.ts";
import { shmExtraMounts } from "./shm-options.ts";
import type { HealthConfig } from "../define/health-types.ts";

/** `-e KEY=VALUE` sets, `-e KEY` copies the host's value (and is skipped when unset), like Podman. */
export function parseEnv(entries: string[], hostEnv: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf("=");
    if (eq === 0) throw new TspodError("invalid_argument", `invalid environment variable: "${e}"`);
    if (eq > 0) out[e.slice(0, eq)] = e.slice(eq + 1);
    else if (e.endsWith("*")) {
      const prefix = e.slice(0, -1);
      for (const [k, v] of Object.entries(hostEnv)) if (k.startsWith(prefix) && v !== undefined) out[k] = v;
    } else if (hostEnv[e] !== undefined) out[e] = hostEnv[e]!;
  }
  return out;
}

export function parseLabels(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of entries) {
    const eq = l.indexOf("=");
    if (eq === 0) throw new TspodError("invalid_argument", `invalid label "${l}"`);
    if (eq < 0) out[l] = "";
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

function loadSeccompProfile(file: string): unknown {
  if (!file || file === "unconfined") return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new TspodError("config", `loading seccomp profile ${file}: ${(err as Error).message}`, err);
  }
}

/** The container's healthcheck: the flags', else the image's HEALTHCHECK with flag overrides. */
function resolveHealthcheck(opts: ContainerCreateOptions, image: ImageConfigHealth | undefined): HealthConfig | undefined {
  if (opts.healthcheck === null) return undefined;
  if (opts.healthcheck) return opts.healthcheck;
  if (!image?.Test?.length || image.Test[0] === "NONE") return undefined;
  const hc: HealthConfig = { Test: image.Test };
  for (const key of ["Interval", "Timeout", "StartPeriod", "Retries"] as const) if (image[key]) hc[key] = image[key];
  return { ...hc, ...opts.healthOverrides };
}

type ImageConfigHealth = { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };

export function buildContainerConfig(rt: Runtime, opts: ContainerCreateOptions, image: ImageRecord, createCommand: string[]): ContainerConfig {
  const id = randomHexId();
  const name = opts.name ?? randomContainerName();
  if (!isValidContainerName(name)) {
    throw new TspodError("invalid_argument", `names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
  }
  const imageConfig = rt.images.config(image).config ?? {};
  const layerDirs = rt.images.layerPaths(image);
  const network = resolveContainerNetwork(rt, id, opts.network, opts.netFlags, imageConfig.ExposedPorts);
  const conf = rt.settings.conf.containers;
  const bundle = rt.bundleDir(id);
  const files = containerFilePaths(bundle);
  const bind = (source: string, destination: string) => ({ destination, source, type: "bind", options: ["bind", "rprivate"] });
  const flags = resolveCreateFlags(rt, opts.createFlags ?? {}, rt.settings.env);
  let stopSignal: number;
  try {
    stopSignal = signalNumber(flags.spec.stopSignal ?? imageConfig.StopSignal ?? "SIGTERM");
  } catch {
    throw exactError("invalid_argument", `invalid signal: ${flags.spec.stopSignal}`);
  }
  const cgroupParent = opts.createFlags?.cgroupParent ? `/${opts.createFlags.cgroupParent.replace(/^\/+|\/+$/g, "")}` : "/tspod_parent";
  const mounts = resolveContainerMounts(rt, opts.createFlags ?? {}, {
    bundle,
    cwd: process.cwd(),
    imageVolumes: Object.keys(imageConfig.Volumes ?? {}),
    tmpfsDestinations: Object.keys(flags.spec.tmpfs ?? {}),
  });
  // a new user namespace owns the netns the engine makes for the container (see network/netns-userns.ts)
  if (flags.spec.userns && !flags.spec.userns.path && network.spec.mode === "path" && network.spec.path === rt.net.netnsPath(id)) {
    flags.spec.userns = { ...flags.spec.userns, path: usernsFileFor(network.spec.path) };
  }
  const seccompProfile = opts.privileged || flags.seccomp === null ? undefined : (flags.seccomp ?? loadSeccompProfile(conf.seccompProfile));
  const { spec, command } = generateSpec({
    ...flags.spec,
    id,
    name,
    hostname: opts.hostname,
    hostHostname: hostName(),
    imageConfig,
    entrypoint: opts.entrypoint,
    command: opts.command,
    env: { ...flags.env, ...parseEnv(opts.env, rt.settings.env) },
    unsetEnv: flags.unsetEnv,
    unsetEnvAll: flags.unsetEnvAll,
    workdir: opts.workdir,
    user: opts.user,
    tty: opts.tty,
    stdin: opts.interactive,
    readOnly: opts.readOnly,
    privileged: opts.privileged,
    capAdd: opts.capAdd,
    capDrop: opts.capDrop,
    hostCapabilities: opts.privileged || opts.capAdd.some((c) => c.toUpperCase() === "ALL") ? readHostCapabilities() : undefined,
    network: network.spec,
    rootfsPath: rt.rootfs.mountPoint(id),
    extraMounts: [
      ...(network.net.noHosts ? [] : [bind(files.hosts, "/etc/hosts")]),
      ...(network.net.useImageResolvConf ? [] : [bind(files.resolvConf, "/etc/resolv.conf")]),
      bind(files.hostname, "/etc/hostname"),
      bind(files.containerEnv, "/run/.containerenv"),
      ...mounts.extraMounts,
      ...shmExtraMounts(rt, id, opts.createFlags?.ipc, flags.spec.namespaces?.ipc),
    ],
    cgroupsPath: `${cgroupParent}/tspod-${id}`,
    ulimits: opts.ulimits,
    annotations: flags.annotations,
    autoRemove: opts.remove,
    defaults: {
      capabilities: conf.defaultCapabilities,
      ulimits: conf.defaultUlimits,
      env: conf.env,
      pidsLimit: conf.pidsLimit,
      shmSize: conf.shmSize,
      sysctls: conf.defaultSysctls,
    },
    hostLimits: readHostLimits(),
    seccompProfile,
    kernelVersion: kernelRelease(),
    arch: process.arch,
    passwd: readImageFile(layerDirs, "etc/passwd"),
    group: readImageFile(layerDirs, "etc/group"),
  });
  const hostname = spec.hostname ?? (opts.hostname || id.slice(0, 12));
  const created = new Date().toISOString();
  return {
    id,
    name,
    imageName: imageDisplayName(opts.image, image),
    imageId: image.id,
    created,
    command,
    entrypoint: opts.entrypoint ?? imageConfig.Entrypoint ?? [],
    cmd: opts.command.length > 0 ? opts.command : opts.entrypoint ? [] : (imageConfig.Cmd ?? []),
    env: spec.process?.env ?? [],
    workdir: spec.process?.cwd ?? "/",
    user: opts.user ?? imageConfig.User ?? "",
    hostname,
    tty: opts.tty,
    interactive: opts.interactive,
    autoRemove: opts.remove,
    labels: { ...(imageConfig.Labels ?? {}), ...parseLabels([...flags.labels, ...opts.labels]) },
    annotations: spec.annotations ?? {},
    networkMode: network.name,
    net: network.net,
    stopSignal,
    stopTimeout: flags.stopTimeout ?? rt.settings.conf.engine.stopTimeout,
    logDriver: flags.logDriver ?? conf.logDriver,
    logPath: flags.logPath ?? rt.logPath(id),
    createCommand,
    capAdd: opts.capAdd,
    capDrop: opts.capDrop,
    privileged: opts.privileged,
    readOnly: opts.readOnly,
    ulimits: opts.ulimits,
    ociRuntime: rt.oci.name,
    spec,
    settings: { ...flags.settings, dependencies: namespaceDependencies(spec) },
    restartPolicy: parseRestartPolicy(opts.restart).policy,
    restartRetries: parseRestartPolicy(opts.restart).retries,
    timeout: opts.timeout ?? 0,
    healthcheck: resolveHealthcheck(opts, imageConfig.Healthcheck),
    healthOnFailure: opts.healthOnFailure,
    mounts: mounts.mounts,
    secrets: mounts.secrets,
  };
}
