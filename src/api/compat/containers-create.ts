/** POST /containers/create: Docker's create body → ContainerCreateOptions. */
import type { ApiRequest } from "../api-request.ts";
import type { ContainerCreateFlags, ContainerCreateOptions } from "../../domain/container-engine.ts";
import type { ContainerNetFlags } from "../../domain/network-engine.ts";
import { exactError, isErrorCode, TspodError } from "../../errors/tspod-error.ts";
import { Fields } from "./body-fields.ts";

/** Docker's NetworkMode: "default" is the engine's default network; names and modes pass through. */
function networkMode(mode: string | undefined): string | undefined {
  return !mode || mode === "default" ? undefined : mode;
}

/** `-p` values from Docker's PortBindings ({"80/tcp": [{HostIp, HostPort}]}). */
function publishFlags(bindings: Fields): string[] {
  const out: string[] = [];
  for (const port of Object.keys(Fields.raw(bindings))) {
    if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(port)) throw exactError("invalid_argument", `invalid port specification: ${JSON.stringify(port)}`);
    const targets = bindings.list(port, "[]nat.PortBinding");
    for (const b of targets.length ? targets : [Fields.of({}, "nat.PortBinding")]) {
      const ip = b.str("HostIp") ?? "";
      const hostPort = b.str("HostPort") ?? "";
      const ipPart = ip ? (ip.includes(":") ? `[${ip}]:` : `${ip}:`) : "";
      out.push(hostPort || ip ? `${ipPart}${hostPort}:${port}` : port);
    }
  }
  return out;
}

function netFlags(c: Fields, h: Fields): ContainerNetFlags {
  const endpoints = Fields.raw(c.sub("NetworkingConfig", "network.NetworkingConfig").sub("EndpointsConfig", "map[string]*network.EndpointSettings"));
  const first = Object.keys(endpoints)[0];
  const ep = first ? Fields.of(endpoints[first], "network.EndpointSettings") : Fields.of({}, "network.EndpointSettings");
  const ipam = ep.sub("IPAMConfig", "network.EndpointIPAMConfig");
  return {
    publish: publishFlags(h.sub("PortBindings", "nat.PortMap")),
    publishAll: h.bool("PublishAllPorts"),
    expose: Object.keys(Fields.raw(c.sub("ExposedPorts", "nat.PortSet"))),
    dns: h.strList("Dns") ?? [],
    dnsSearch: h.strList("DnsSearch") ?? [],
    dnsOptions: h.strList("DnsOptions") ?? [],
    addHosts: h.strList("ExtraHosts") ?? [],
    noHosts: false,
    ip: ipam.str("IPv4Address") || undefined,
    ip6: ipam.str("IPv6Address") || undefined,
    mac: c.str("MacAddress") || undefined,
    aliases: ep.strList("Aliases") ?? [],
  };
}

function restartPolicy(p: Fields): string | undefined {
  const name = p.str("Name");
  if (!name || name === "no") return undefined;
  const max = p.int("MaximumRetryCount") ?? 0;
  if (name === "on-failure" && max > 0) return `on-failure:${max}`;
  if (!["always", "unless-stopped", "on-failure"].includes(name)) throw exactError("invalid_argument", `invalid restart policy: unknown policy "${name}"`);
  return name;
}

/** Docker's mount object → a `--mount` value. */
function mountFlag(m: Fields): string {
  const type = m.str("Type") || "volume";
  if (!["bind", "volume", "tmpfs"].includes(type)) throw exactError("invalid_argument", `invalid mount type "${type}"`);
  const target = m.str("Target");
  if (!target) throw exactError("invalid_argument", "invalid mount config: Target is required");
  if (/[,=]/.test(target) || /[,=]/.test(m.str("Source") ?? "")) throw exactError("invalid_argument", `invalid mount path: commas and '=' are not supported: ${target}`);
  const parts = [`type=${type}`, `destination=${target}`];
  const source = m.str("Source");
  if (source) parts.push(`source=${source}`);
  if (m.bool("ReadOnly")) parts.push("ro=true");
  return parts.join(",");
}

/** Docker's body → our options (exported for unit tests). */
export function createOptionsFromBody(body: unknown, name: string | undefined): ContainerCreateOptions {
  const c = Fields.of(body, "container.Config");
  const h = c.sub("HostConfig", "container.HostConfig");
  const image = c.str("Image");
  if (!image) throw exactError("invalid_argument", "Config cannot be empty in order to create a container");
  const flags: ContainerCreateFlags = {};
  // Binds are `-v` values; Mounts become `--mount` values
  const binds = h.strList("Binds") ?? [];
  if (binds.length) flags.volumes = binds;
  const mounts = h.list("Mounts", "[]mount.Mount").map(mountFlag);
  if (mounts.length) flags.mounts = mounts;
  const memory = h.int("Memory");
  if (memory) flags.memory = String(memory);
  const swap = h.int("MemorySwap");
  if (swap) flags.memorySwap = String(swap);
  const nanoCpus = h.int("NanoCpus");
  if (nanoCpus) flags.cpus = String(nanoCpus / 1e9);
  const shares = h.int("CpuShares");
  if (shares) flags.cpuShares = shares;
  const quota = h.int("CpuQuota");
  if (quota) flags.cpuQuota = quota;
  const period = h.int("CpuPeriod");
  if (period) flags.cpuPeriod = period;
  const cpuset = h.str("CpusetCpus");
  if (cpuset) flags.cpusetCpus = cpuset;
  const pids = h.int("PidsLimit");
  if (pids !== undefined && pids !== 0) flags.pidsLimit = pids;
  if (h.bool("Init")) flags.init = true;
  const shm = h.int("ShmSize");
  if (shm) flags.shmSize = String(shm);
  const secOpt = h.strList("SecurityOpt");
  if (secOpt?.length) flags.securityOpt = secOpt;
  const sysctls = h.strMap("Sysctls");
  if (sysctls) flags.sysctls = Object.entries(sysctls).map(([k, v]) => `${k}=${v}`);
  const tmpfs = h.strMap("Tmpfs");
  if (tmpfs) flags.tmpfs = Object.entries(tmpfs).map(([k, v]) => (v ? `${k}:${v}` : k));
  const stopSignal = c.str("StopSignal");
  if (stopSignal) flags.stopSignal = stopSignal;
  const stopTimeout = c.int("StopTimeout");
  if (stopTimeout !== undefined) flags.stopTimeout = stopTimeout;
  for (const [key, flag] of [["PidMode", "pid"], ["IpcMode", "ipc"], ["UTSMode", "uts"], ["CgroupnsMode", "cgroupns"]] as const) {
    const v = h.str(key);
    if (v) flags[flag] = v;
  }
  const logType = h.sub("LogConfig", "container.LogConfig").str("Type");
  if (logType && logType !== "json-file") flags.logDriver = logType;
  const ulimits = h.list("Ulimits", "[]*units.Ulimit").map((u) => `${u.str("Name")}=${u.int("Soft") ?? 0}:${u.int("Hard") ?? 0}`);
  const labels = c.strMap("Labels") ?? {};
  const entrypoint = c.has("Entrypoint") ? c.strList("Entrypoint", true) : undefined;
  return {
    image,
    name,
    command: c.strList("Cmd", true) ?? [],
    entrypoint: entrypoint === undefined ? undefined : entrypoint,
    // KEY without a value would copy the service's own environment: not over the API
    env: (c.strList("Env") ?? []).filter((e) => e.includes("=")),
    workdir: c.str("WorkingDir") || undefined,
    user: c.str("User") || undefined,
    hostname: c.str("Hostname") || undefined,
    tty: c.bool("Tty"),
    interactive: c.bool("OpenStdin"),
    detach: true,
    remove: h.bool("AutoRemove"),
    network: networkMode(h.str("NetworkMode")),
    labels: Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    ulimits,
    capAdd: h.strList("CapAdd") ?? [],
    capDrop: h.strList("CapDrop") ?? [],
    privileged: h.bool("Privileged"),
    readOnly: h.bool("ReadonlyRootfs"),
    pull: "never",
    restart: restartPolicy(h.sub("RestartPolicy", "container.RestartPolicy")),
    createFlags: flags,
    netFlags: netFlags(c, h),
  };
}

export async function createContainer(r: ApiRequest): Promise<void> {
  const name = r.query.get("name") || undefined;
  const opts = createOptionsFromBody(await r.json(), name);
  try {
    const { id, warnings } = await r.engines.containers.create(opts, undefined, r.signal);
    r.reply.json(201, { Id: id, Warnings: warnings });
  } catch (err) {
    // Docker's CLI pulls when create answers 404 "No such image"
    if (isErrorCode(err, "no_such_image") || (err instanceof TspodError && /image not known|no such image/i.test(err.message))) {
      throw exactError("no_such_image", `No such image: ${opts.image}`);
    }
    throw err;
  }
}
