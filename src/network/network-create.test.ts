import { describe, expect, test } from "bun:test";
import { newNetworkConfig, type NetworkCreateContext } from "./network-create.ts";
import { parseCidr } from "../util/ip-math.ts";
import type { NetworkConfig } from "./network-types.ts";
import type { NetworkCreateRequest } from "../define/network-types.ts";

const base: NetworkCreateRequest = { subnets: [], gateways: [], ipRanges: [], ipv6: false, internal: false, disableDns: false, options: {}, labels: {}, dns: [] };
const existing: NetworkConfig = {
  name: "podman", id: "x".repeat(64), driver: "bridge", network_interface: "podman0", created: "",
  subnets: [{ subnet: "10.88.0.0/16", gateway: "10.88.0.1" }], ipv6_enabled: false, internal: false, dns_enabled: false,
};
const ctx: NetworkCreateContext = {
  existing: [existing],
  hostSubnets: [parseCidr("127.0.0.1/8")!, parseCidr("192.0.2.2/24")!, parseCidr("fd00::2/64")!],
  hostInterfaces: ["lo", "eth0", "podman0"],
  subnetPools: [{ base: "10.89.0.0/16", size: 24 }],
  now: "2026-01-01T00:00:00Z",
};
const make = (o: Partial<NetworkCreateRequest>) => newNetworkConfig({ ...base, ...o }, ctx);

describe("newNetworkConfig (Podman 4.3's checks, in its order)", () => {
  test("subnet syntax and counts come before the name", () => {
    expect(() => make({ name: "bad name", subnets: ["foo"] })).toThrow("invalid CIDR address: foo");
    expect(() => make({ name: "none", subnets: ["10.1.0.0/24"], gateways: ["10.1.0.1", "10.1.0.2"] })).toThrow("cannot set more gateways than subnets");
    expect(() => make({ name: "none" })).toThrow('cannot create network with name "none" because it conflicts with a valid network mode');
    expect(() => make({ name: "podman", driver: "foo" })).toThrow("network name podman already used: network already exists");
  });
  test("overlaps with networks and host addresses, gateways and lease ranges", () => {
    expect(() => make({ name: "n", subnets: ["10.88.5.0/24"] })).toThrow("subnet 10.88.5.0/24 is already used on the host or by another config");
    expect(() => make({ name: "n", subnets: ["fd00::/48"] })).toThrow("subnet fd00::/48 is already used on the host or by another config");
    expect(() => make({ name: "n", subnets: ["10.1.0.0/24"], gateways: ["10.2.0.1"] })).toThrow("gateway 10.2.0.1 not in subnet 10.1.0.0/24");
    expect(() => make({ name: "n", subnets: ["10.1.0.0/24"], ipRanges: ["10.1.0.0/23"] })).toThrow("lease range end ip 10.1.1.255 not in subnet 10.1.0.0/24");
    // macvlan is not checked against used subnets (Podman)
    expect(make({ name: "n", driver: "macvlan", subnets: ["192.0.2.0/24"] })).toMatchObject({ driver: "macvlan", subnets: [{ subnet: "192.0.2.0/24" }] });
  });
  test("defaults: a free subnet, a free bridge, dual stack with --ipv6, no gateway for internal without DNS", () => {
    const n = make({ name: "n", ipv6: true }) as NetworkConfig;
    expect(n.network_interface).toBe("podman1");
    expect(n.subnets![0]).toEqual({ subnet: "10.89.0.0/24", gateway: "10.89.0.1" });
    expect(n.subnets![1]!.subnet).toMatch(/^fd[0-9a-f:]+::\/64$/);
    expect((make({ name: "n", subnets: ["10.1.0.0/24"], internal: true, disableDns: true }) as NetworkConfig).subnets).toEqual([{ subnet: "10.1.0.0/24" }]);
    expect(make({ name: "n", ipamDriver: "none" })).toMatchObject({ dns_enabled: false, ipam_options: { driver: "none" } });
    expect((make({ name: "n", options: { isolate: "1" } }) as NetworkConfig).options).toEqual({ isolate: "true" });
  });
  test("drivers and options", () => {
    expect(() => make({ name: "n", driver: "ipvlan" })).toThrow("unsupported driver ipvlan: invalid argument");
    expect(() => make({ name: "n", options: { mtu: "x" } })).toThrow('strconv.Atoi: parsing "x": invalid syntax');
    expect(() => make({ name: "n", options: { parent: "eth0" } })).toThrow("unsupported bridge network option parent");
    expect(() => make({ name: "n", driver: "macvlan", interfaceName: "nope0" })).toThrow("parent interface nope0 does not exist");
    expect(() => make({ name: "n", ipamDriver: "dhcp" })).toThrow("dhcp ipam driver is not yet supported with netavark");
    expect(() => make({ name: "n", disableDns: true, dns: ["1.1.1.1"] })).toThrow("cannot set NetworkDNSServers if DNS is not enabled for the network");
  });
});
