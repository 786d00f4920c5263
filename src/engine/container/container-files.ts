/** The small files tspod bind-mounts into every container: /etc/hosts, resolv.conf, hostname, .containerenv. */
import fs from "node:fs";
import path from "node:path";
import type { ContainerConfig } from "./container-record.ts";
import { TSPOD_VERSION } from "../../define/version.ts";
import type { ContainerNetState } from "../../network/network-types.ts";
import { networkHostsContent, networkResolvConf } from "../network/network-host-files.ts";

export interface ContainerFilePaths {
  hosts: string;
  resolvConf: string;
  hostname: string;
  containerEnv: string;
}

export function containerFilePaths(bundle: string): ContainerFilePaths {
  return {
    hosts: path.join(bundle, "hosts"),
    resolvConf: path.join(bundle, "resolv.conf"),
    hostname: path.join(bundle, "hostname"),
    containerEnv: path.join(bundle, ".containerenv"),
  };
}

export function hostsContent(config: ContainerConfig): string {
  const names = config.hostname === config.name ? config.hostname : `${config.hostname} ${config.name}`;
  return [
    "127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4",
    "::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6",
    `127.0.1.1\t${names}`,
    "",
  ].join("\n");
}

/** The host's resolv.conf, minus loopback name servers the container cannot reach (its own netns). */
export function resolvConfContent(hostResolvConf: string, networkMode: string): string {
  if (networkMode === "host") return hostResolvConf;
  const lines = hostResolvConf.split("\n").filter((l) => !/^\s*nameserver\s+(127\.|::1\s*$)/.test(l));
  return lines.join("\n");
}

export function containerEnvContent(config: ContainerConfig): string {
  return [
    `engine="tspod-${TSPOD_VERSION}"`,
    `name="${config.name}"`,
    `id="${config.id}"`,
    `image="${config.imageName}"`,
    `imageid="${config.imageId}"`,
    "rootless=0",
    "",
  ].join("\n");
}

/** The bundle lives in the run root (per boot), so plain writes are enough: no fsync on the start path. */
export function writeContainerFiles(bundle: string, config: ContainerConfig, net?: ContainerNetState): void {
  fs.mkdirSync(bundle, { recursive: true, mode: 0o700 });
  const p = containerFilePaths(bundle);
  let hostResolv = "";
  try {
    hostResolv = fs.readFileSync("/etc/resolv.conf", "utf8");
  } catch {
    // no resolv.conf on the host: the container gets an empty one
  }
  if (config.net) {
    let hostHosts = "";
    try {
      hostHosts = fs.readFileSync("/etc/hosts", "utf8");
    } catch {
      // no /etc/hosts on the host
    }
    fs.writeFileSync(p.hosts, networkHostsContent(config, net, hostHosts));
    // `--dns none` and `--network none`: the image's own resolv.conf is used, none is written
    if (!config.net.useImageResolvConf) fs.writeFileSync(p.resolvConf, networkResolvConf(config, net, hostResolv));
  } else {
    fs.writeFileSync(p.hosts, hostsContent(config));
    fs.writeFileSync(p.resolvConf, resolvConfContent(hostResolv, config.networkMode));
  }
  fs.writeFileSync(p.hostname, `${config.hostname}\n`);
  fs.writeFileSync(p.containerEnv, containerEnvContent(config));
}
