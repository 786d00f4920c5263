/** The network flags of `create`/`run`: ports, DNS, hosts, static addresses and aliases. */
import type { ContainerNetFlags } from "../../../domain/network-engine.ts";
import { bool, list, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";

export const NETWORK_FLAGS: FlagSpec[] = [
  { name: "add-host", type: "strings", description: "Add a custom host-to-IP mapping (host:ip)" },
  { name: "dns", type: "strings", description: "Set custom DNS servers" },
  { name: "dns-option", type: "strings", description: "Set custom DNS options" },
  { name: "dns-opt", type: "strings", description: "Set custom DNS options", hidden: true },
  { name: "dns-search", type: "strings", description: "Set custom DNS search domains" },
  { name: "expose", type: "strings", description: "Expose a port or a range of ports" },
  { name: "ip", type: "string", description: "Specify a static IPv4 address for the container" },
  { name: "ip6", type: "string", description: "Specify a static IPv6 address for the container" },
  { name: "mac-address", type: "string", description: "Container MAC address (e.g. 92:d0:c6:0a:29:33)" },
  { name: "network-alias", type: "strings", description: "Add network-scoped alias for the container" },
  { name: "no-hosts", type: "bool", description: "Do not create /etc/hosts within the container, instead use the version from the image" },
  { name: "publish", short: "p", type: "strings", description: "Publish a container's port, or a range of ports, to the host (default [])" },
  { name: "publish-all", short: "P", type: "bool", description: "Publish all exposed ports to random ports on the host interface" },
];

export function networkOptionsFromFlags(parsed: ParsedArgs): { netFlags: ContainerNetFlags } {
  const f = parsed.flags;
  const commas = (name: string) => list(f, name).flatMap((v) => v.split(",")).filter((v) => v !== "");
  return {
    netFlags: {
      // Podman splits -p on commas (a string slice): `-p 80,81`
      publish: list(f, "publish").flatMap((v) => (v === "" ? [] : v.split(","))),
      publishAll: bool(f, "publish-all"),
      expose: commas("expose"),
      dns: commas("dns"),
      dnsSearch: commas("dns-search"),
      dnsOptions: [...list(f, "dns-option"), ...list(f, "dns-opt")],
      addHosts: commas("add-host"),
      noHosts: bool(f, "no-hosts"),
      ip: str(f, "ip"),
      ip6: str(f, "ip6"),
      mac: str(f, "mac-address"),
      aliases: commas("network-alias"),
    },
  };
}
