/**
 * The `run`/`create` options beyond the basics as Podman's SpecGenerator carries them: storage
 * (`-v`, `--mount`, `--tmpfs`, `--secret`, `--device`, `--volumes-from`), network (`--network`
 * with per-network options, `-p`, `-P`, `--expose`, DNS and hosts), namespaces, sysctls, shm,
 * logging, groups, memory, the stop signal, health checks and env/label files. Values are parsed
 * here, as Podman's own client does, so a bad one fails before anything is sent.
 */
import path from "node:path";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import { parsePublish, parseExpose } from "../util/publish-spec.ts";
import { parseMemory, ramInBytes } from "../util/parse-units.ts";
import { signalNumber } from "../util/signal-number.ts";
import { readEnvFile, readLabelFile } from "../util/flag-files.ts";
import { exactError } from "../errors/tspod-error.ts";
import { keyValues } from "./key-values.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";

type Spec = Record<string, unknown>;

/** A bind source is a path; anything else names a volume (Podman's rule). */
const isPath = (s: string) => s.startsWith("/") || s.startsWith(".");

function optionList(text: string | undefined): string[] {
  return text ? text.split(",").filter(Boolean) : [];
}

/** `-v`: binds become mounts, named and anonymous volumes become volumes. */
function volumeFlag(v: string, mounts: Spec[], volumes: Spec[]): void {
  const parts = v.split(":");
  if (parts.length > 3 || parts.some((p) => p === "")) throw exactError("invalid_argument", `invalid volume specification: "${v}"`);
  if (parts.length === 1) {
    volumes.push({ Name: "", Dest: parts[0], Options: [], IsAnonymous: true });
    return;
  }
  const [source, dest, opts] = parts as [string, string, string | undefined];
  if (isPath(source)) mounts.push({ type: "bind", source: path.resolve(source), destination: dest, options: optionList(opts) });
  else volumes.push({ Name: source, Dest: dest, Options: optionList(opts) });
}

/** `--mount type=…,source=…,destination=…,…` → a mount; `tmpfs-size`/`tmpfs-mode` as tmpfs options. */
function mountFlag(m: string): Spec {
  const out: Spec = { type: "volume" };
  const options: string[] = [];
  for (const part of m.split(",")) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    if (key === "type") out.type = value;
    else if (key === "source" || key === "src") out.source = out.type === "bind" ? path.resolve(value) : value;
    else if (key === "destination" || key === "dst" || key === "target") out.destination = value;
    else if (key === "tmpfs-size") options.push(`size=${value}`);
    else if (key === "tmpfs-mode") options.push(`mode=${value}`);
    else options.push(part);
  }
  out.options = options;
  return out;
}

function storage(o: ContainerCreateOptions, spec: Spec): void {
  const f = o.createFlags ?? {};
  const mounts: Spec[] = [];
  const volumes: Spec[] = [];
  for (const v of f.volumes ?? []) volumeFlag(v, mounts, volumes);
  for (const m of f.mounts ?? []) mounts.push(mountFlag(m));
  for (const t of f.tmpfs ?? []) {
    const i = t.indexOf(":");
    mounts.push({ type: "tmpfs", source: "tmpfs", destination: i < 0 ? t : t.slice(0, i), options: optionList(i < 0 ? undefined : t.slice(i + 1)) });
  }
  if (mounts.length) spec.mounts = mounts;
  if (volumes.length) spec.volumes = volumes;
  if (f.secrets?.length) {
    spec.secrets = f.secrets.map((s) => {
      const [source, ...opts] = s.split(",");
      const target = opts.find((x) => x.startsWith("target="))?.slice(7);
      const other = opts.find((x) => !x.startsWith("target="));
      if (other) throw notSupportedRemotely(`the secret option "${other}"`);
      return { Source: source, ...(target ? { Target: target } : {}) };
    });
  }
  // Podman's client sends the whole `HOST[:CTR[:perms]]` value as the device path
  if (f.devices?.length) spec.devices = f.devices.map((d) => ({ path: d }));
  if (f.volumesFrom?.length) spec.volumes_from = f.volumesFrom;
}

/** `NAME[:opt=…,…]` entries of `--network` (a `key=value` part belongs to the network before it). */
function networkEntries(value: string): { name: string; opts: string[] }[] {
  const out: { name: string; opts: string[] }[] = [];
  for (const part of value.split(",")) {
    const last = out.at(-1);
    if (last && last.opts.length && /^[a-z_0-9]+=/.test(part)) last.opts.push(part);
    else {
      const colon = part.indexOf(":");
      out.push({ name: colon < 0 ? part : part.slice(0, colon), opts: colon < 0 ? [] : [part.slice(colon + 1)] });
    }
  }
  return out;
}

const NAMESPACE_MODES = new Set(["bridge", "none", "host", "private", "slirp4netns", "pasta"]);

function network(o: ContainerCreateOptions, spec: Spec): void {
  const n = o.netFlags;
  const perNetwork = n && (n.ip || n.ip6 || n.mac || n.aliases.length);
  if (o.network && (NAMESPACE_MODES.has(o.network) || o.network.includes(":") && /^(container|ns):/.test(o.network))) {
    spec.netns = o.network.startsWith("ns:") ? { nsmode: "path", value: o.network.slice(3) } : o.network.startsWith("container:") ? { nsmode: "container", value: o.network.slice(10) } : { nsmode: o.network };
    if (perNetwork) throw exactError("invalid_argument", `${n.ip ? "--ip" : n.ip6 ? "--ip6" : n.mac ? "--mac-address" : "--network-alias"} can only be set when the network mode is bridge`);
  } else if (o.network) {
    const networks: Record<string, Spec> = {};
    for (const [i, e] of networkEntries(o.network).entries()) {
      const opts: Spec = {};
      const ips: string[] = [];
      const aliases: string[] = [];
      for (const kv of e.opts.join(",").split(",").filter(Boolean)) {
        const [key, value = ""] = [kv.slice(0, kv.indexOf("=") < 0 ? kv.length : kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)];
        if (key === "ip" || key === "ip6") ips.push(value);
        else if (key === "mac") opts.static_mac = value;
        else if (key === "alias") aliases.push(value);
        else if (key === "interface_name") opts.interface_name = value;
        else throw exactError("invalid_argument", `invalid option for network ${e.name}: unknown bridge network option: ${key}`);
      }
      if (i === 0 && n) {
        for (const ip of [n.ip, n.ip6]) if (ip) ips.push(ip);
        if (n.mac) opts.static_mac = n.mac;
        aliases.push(...n.aliases);
      }
      if (ips.length) opts.static_ips = ips;
      if (aliases.length) opts.aliases = aliases;
      networks[e.name] = opts;
    }
    spec.netns = { nsmode: "bridge" };
    spec.Networks = networks;
  } else if (perNetwork) {
    throw notSupportedRemotely("--ip, --ip6, --mac-address or --network-alias without --network");
  }
  if (!n) return;
  if (n.publish.length) {
    spec.portmappings = n.publish.flatMap((p) => {
      const s = parsePublish(p);
      return s.protocols.map((protocol) => ({ host_ip: s.hostIp, container_port: s.container.start, host_port: s.hostPort?.start ?? 0, range: s.container.count, protocol }));
    });
  }
  if (n.publishAll) spec.publish_image_ports = true;
  if (n.expose.length) {
    const expose: Record<string, string> = {};
    for (const key of n.expose.flatMap(parseExpose)) {
      const [port, proto] = key.split("/") as [string, string];
      expose[port] = expose[port] ? `${expose[port]},${proto}` : proto;
    }
    spec.expose = expose;
  }
  if (n.dns.length) spec.dns_server = n.dns;
  if (n.dnsSearch.length) spec.dns_search = n.dnsSearch;
  if (n.dnsOptions.length) spec.dns_option = n.dnsOptions;
  if (n.addHosts.length) spec.hostadd = n.addHosts;
  if (n.noHosts) spec.no_hosts = true;
}

/** `--pid`/`--ipc`/`--uts`/`--cgroupns` values → specgen.Namespace. */
function namespace(value: string): Spec {
  if (value.startsWith("container:")) return { nsmode: "container", value: value.slice(10) };
  if (value.startsWith("ns:")) return { nsmode: "path", value: value.slice(3) };
  return { nsmode: value };
}

function system(o: ContainerCreateOptions, spec: Spec): void {
  const f = o.createFlags ?? {};
  for (const [flag, key] of [["pid", "pidns"], ["ipc", "ipcns"], ["uts", "utsns"], ["cgroupns", "cgroupns"]] as const) {
    if (f[flag]) spec[key] = namespace(f[flag]);
  }
  if (f.sysctls?.length) spec.sysctl = keyValues(f.sysctls);
  if (f.shmSize) {
    const bytes = ramInBytes(f.shmSize);
    if (bytes === undefined) throw exactError("invalid_argument", `invalid size: '${f.shmSize}'`);
    spec.shm_size = bytes;
  }
  if (f.logDriver || f.logOpts?.length) spec.log_configuration = { driver: f.logDriver, options: keyValues(f.logOpts ?? []) };
  if (f.cgroupParent) spec.cgroup_parent = f.cgroupParent;
  if (f.groupAdd?.length) spec.groups = f.groupAdd;
  if (f.stopSignal) spec.stop_signal = signalNumber(f.stopSignal);
  const memory = parseMemory(f.memory);
  if (memory) {
    const res = (spec.resource_limits ??= {}) as Spec;
    res.memory = { limit: memory };
  }
  if (f.envFiles?.length) {
    const fromFiles: Record<string, string> = {};
    for (const file of f.envFiles) Object.assign(fromFiles, readEnvFile(file, process.env));
    spec.env = { ...fromFiles, ...(spec.env as Record<string, string>) };
  }
  if (f.labelFiles?.length) spec.labels = { ...keyValues(f.labelFiles.flatMap(readLabelFile)), ...(spec.labels as Record<string, string>) };
}

function health(o: ContainerCreateOptions, spec: Spec): void {
  if ((o.healthOnFailure ?? "none") !== "none") throw notSupportedRemotely("the --health-on-failure option");
  if (o.healthcheck === null) spec.healthconfig = { Test: ["NONE"] };
  else if (o.healthcheck) spec.healthconfig = { ...o.healthcheck, ...o.healthOverrides };
  else if (Object.keys(o.healthOverrides ?? {}).length) throw notSupportedRemotely("changing the image's health check without --health-cmd");
}

/** createFlags keys this file carries (the rest are refused by remote-create-spec.ts). */
export const EXTRA_FLAGS = ["volumes", "mounts", "tmpfs", "secrets", "devices", "volumesFrom", "pid", "ipc", "uts", "cgroupns", "sysctls", "shmSize", "logDriver", "logOpts", "cgroupParent", "groupAdd", "stopSignal", "memory", "envFiles", "labelFiles"];

/** Adds the storage, network, system and health parts to a SpecGenerator. */
export function addSpecExtras(o: ContainerCreateOptions, spec: Spec): void {
  storage(o, spec);
  network(o, spec);
  system(o, spec);
  health(o, spec);
  if (o.pod) spec.pod = o.pod;
}
