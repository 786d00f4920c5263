/**
 * The parts of Podman's SpecGenerator beyond the basics: pod, storage (volumes, mounts, secrets),
 * network (Networks, portmappings, expose, dns, hosts), namespaces, sysctls, devices, healthcheck,
 * log configuration — mapped to the same flag strings the CLI gives the engine.
 */
import type { ContainerCreateFlags } from "../../domain/container-engine.ts";
import type { ContainerNetFlags } from "../../domain/network-engine.ts";
import type { HealthConfig } from "../../define/health-types.ts";
import { Fields } from "../compat/body-fields.ts";

const kv = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);

/** specgen.Namespace {nsmode, value} → the flag value (`host`, `container:ID`, `ns:PATH`, `private`). */
function namespace(s: Fields, key: string): string | undefined {
  const ns = s.sub(key, "specgen.Namespace");
  const mode = ns.str("nsmode");
  const value = ns.str("value");
  if (!mode || mode === "default") return undefined;
  if (mode === "container" || mode === "ns") return `${mode}:${value ?? ""}`;
  if (mode === "path") return `ns:${value ?? ""}`;
  return mode;
}

/** `-p` as the CLI takes it: `[ip:][hostPort]:containerPort/proto`, or `containerPort/proto` alone. */
export function publishFlag(ip: string | undefined, host: string, container: string, proto: string): string {
  if (!ip && !host) return `${container}/${proto}`;
  return `${ip ? `${ip}:` : ""}${host}:${container}/${proto}`;
}

function range(start: number, n: number): string {
  return n > 1 ? `${start}-${start + n - 1}` : String(start);
}

/** The storage flags: named volumes → `-v`, binds → `-v`, tmpfs → `--tmpfs`, other mounts → `--mount`. */
export function storageFlags(s: Fields): Pick<ContainerCreateFlags, "volumes" | "mounts" | "tmpfs" | "secrets" | "devices" | "volumesFrom"> {
  const volumes: string[] = [];
  const mounts: string[] = [];
  const tmpfs: string[] = [];
  for (const v of s.list("volumes", "[]*specgen.NamedVolume")) {
    const dest = v.str("Dest") ?? "";
    const opts = v.strList("Options") ?? [];
    volumes.push(v.bool("IsAnonymous") || !v.str("Name") ? dest : `${v.str("Name")}:${dest}${opts.length ? `:${opts.join(",")}` : ""}`);
  }
  for (const m of s.list("mounts", "[]specs.Mount")) {
    const type = m.str("type") ?? "bind";
    const dest = m.str("destination") ?? "";
    const opts = m.strList("options") ?? [];
    // a bind with `key=value` options (bind-propagation=…) only fits --mount's syntax
    if (type === "bind" && !opts.some((o) => o.includes("="))) volumes.push(`${m.str("source") ?? ""}:${dest}${opts.length ? `:${opts.join(",")}` : ""}`);
    else if (type === "tmpfs") tmpfs.push(`${dest}${opts.length ? `:${opts.join(",")}` : ""}`);
    else mounts.push([`type=${type}`, m.str("source") ? `source=${m.str("source")}` : "", `destination=${dest}`, ...opts].filter(Boolean).join(","));
  }
  const secrets = s.list("secrets", "[]specgen.Secret").map((x) => {
    const target = x.str("Target");
    return `${x.str("Source") ?? ""}${target ? `,target=${target}` : ""}`;
  });
  const devices = s.list("devices", "[]specs.LinuxDevice").map((d) => d.str("path") ?? "").filter(Boolean);
  return { volumes, mounts, tmpfs, secrets, devices, volumesFrom: s.strList("volumes_from") ?? [] };
}

/** One network of `Networks` as a `--network` entry: `name[:ip=…,mac=…,alias=…,interface_name=…]`. */
function networkEntry(name: string, raw: unknown): string {
  const o = Fields.of(raw, "types.PerNetworkOptions");
  const opts = [
    ...(o.strList("static_ips") ?? []).map((ip) => `ip=${ip}`),
    ...(o.str("static_mac") ? [`mac=${o.str("static_mac")}`] : []),
    ...(o.strList("aliases") ?? []).map((a) => `alias=${a}`),
    ...(o.str("interface_name") ? [`interface_name=${o.str("interface_name")}`] : []),
  ];
  return opts.length ? `${name}:${opts.join(",")}` : name;
}

/** Networks → the `--network` value (each network with its own options), and the port, DNS and host flags. */
export function networkFlags(s: Fields): { network?: string; netFlags: ContainerNetFlags } {
  const nets = Fields.raw(s.sub("Networks", "map[string]types.PerNetworkOptions"));
  const names = Object.keys(nets);
  const publish = s.list("portmappings", "[]types.PortMapping").map((p) => {
    const n = p.int("range") ?? 1;
    const host = p.int("host_port") ?? 0;
    const ip = p.str("host_ip");
    const proto = (p.str("protocol") || "tcp").split(",")[0];
    return publishFlag(ip, host ? range(host, n) : "", range(p.int("container_port") ?? 0, n), proto ?? "tcp");
  });
  const expose = Object.entries(Fields.raw(s.sub("expose", "map[uint16]string"))).map(([port, proto]) => `${port}/${typeof proto === "string" && proto ? proto.split(",")[0] : "tcp"}`);
  return {
    network: names.length ? names.map((n) => networkEntry(n, nets[n])).join(",") : undefined,
    netFlags: {
      publish,
      publishAll: s.bool("publish_image_ports"),
      expose,
      dns: s.strList("dns_server") ?? [],
      dnsSearch: s.strList("dns_search") ?? [],
      dnsOptions: s.strList("dns_option") ?? [],
      addHosts: s.strList("hostadd") ?? [],
      noHosts: s.bool("no_hosts"),
      aliases: [],
    },
  };
}

/** Namespaces, sysctls, shm, logging, cgroups. */
export function systemFlags(s: Fields): Partial<ContainerCreateFlags> {
  const log = s.sub("log_configuration", "specgen.LogConfig");
  const shm = s.int("shm_size");
  return {
    pid: namespace(s, "pidns"),
    ipc: namespace(s, "ipcns"),
    uts: namespace(s, "utsns"),
    cgroupns: namespace(s, "cgroupns"),
    sysctls: kv(s.strMap("sysctl")),
    shmSize: shm ? String(shm) : undefined,
    logDriver: log.str("driver") || undefined,
    logOpts: kv(log.strMap("options")),
    cgroupParent: s.str("cgroup_parent") || undefined,
    groupAdd: s.strList("groups") ?? undefined,
  };
}

/** healthconfig (Docker's HealthConfig, durations in ns); undefined: the image's. */
export function healthConfig(s: Fields): HealthConfig | null | undefined {
  if (!s.has("healthconfig")) return undefined;
  const h = s.sub("healthconfig", "manifest.Schema2HealthConfig");
  const test = h.strList("Test") ?? [];
  if (test[0] === "NONE") return null;
  return { Test: test, Interval: h.int("Interval"), Timeout: h.int("Timeout"), StartPeriod: h.int("StartPeriod"), Retries: h.int("Retries") };
}
