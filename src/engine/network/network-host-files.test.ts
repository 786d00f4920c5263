import { describe, expect, test } from "bun:test";
import { networkHostsContent, networkResolvConf } from "./network-host-files.ts";
import type { ContainerConfig } from "../container/container-record.ts";
import type { ContainerNetConfig, ContainerNetState } from "../../network/network-types.ts";

const net = (o: Partial<ContainerNetConfig> = {}): ContainerNetConfig => ({
  networks: { n1: { interface_name: "eth0" } }, ports: [], exposed: [], publishAll: false, dns: [], dnsSearch: [], dnsOptions: [], addHosts: [], noHosts: false, ...o,
});
const config = (o: Partial<ContainerNetConfig> = {}, mode = "bridge") =>
  ({ id: "abc", name: "web", hostname: "abc123", networkMode: mode, net: net(o) }) as unknown as ContainerConfig;
const state: ContainerNetState = {
  netns: "/run/x",
  networks: { n1: { dns_server_ips: ["10.9.0.1"], dns_search_domains: ["dns.podman"], interfaces: { eth0: { mac_address: "aa", subnets: [{ ipnet: "10.9.0.5/24", gateway: "10.9.0.1" }] } } } },
};
const HOST_HOSTS = "# comment\n127.0.0.1 localhost\n::1 localhost ip6-localhost\n";
const HOST_RESOLV = "search corp\nnameserver 127.0.0.53\nnameserver 192.0.2.1\noptions edns0\n";

describe("network host files", () => {
  test("/etc/hosts: --add-host, the host's entries, host.containers.internal, the container", () => {
    expect(networkHostsContent(config({ addHosts: ["db:192.0.2.9"] }), state, HOST_HOSTS)).toBe(
      "192.0.2.9\tdb\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n10.9.0.1\thost.containers.internal\n10.9.0.5\tabc123 web\n",
    );
  });
  test("resolv.conf: aardvark first, loopback servers dropped, host search and options kept", () => {
    expect(networkResolvConf(config(), state, HOST_RESOLV)).toBe("search dns.podman corp\nnameserver 10.9.0.1\nnameserver 192.0.2.1\noptions edns0\n");
  });
  test("resolv.conf: --dns, --dns-search and --dns-option replace the defaults", () => {
    expect(networkResolvConf(config({ dns: ["1.1.1.1"], dnsSearch: ["a.example"], dnsOptions: ["ndots:2"] }), state, HOST_RESOLV)).toBe(
      "search a.example\nnameserver 1.1.1.1\noptions ndots:2\n",
    );
  });
  test("resolv.conf without any usable server falls back to Google's like Podman", () => {
    expect(networkResolvConf(config(), undefined, "nameserver 127.0.0.53\n")).toBe("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
  });
});
