import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NetworkStore } from "./network-store.ts";

const base = { subnets: [], gateways: [], ipRanges: [], ipv6: false, internal: false, disableDns: false, options: {}, labels: {}, dns: [] };

describe("NetworkStore", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netstore-"));
  const store = new NetworkStore({ configDir: dir, defaultNetwork: "podman", defaultSubnet: "10.88.0.0/16", subnetPools: [{ base: "10.240.0.0/16", size: 24 }] });
  test("the default network is Podman's", () => {
    const d = store.get("podman");
    expect(d).toMatchObject({ id: "2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9", network_interface: "podman0", subnets: [{ subnet: "10.88.0.0/16", gateway: "10.88.0.1" }], dns_enabled: false });
  });
  test("create validates and picks names, bridges and subnets", () => {
    const n = store.create({ ...base, subnets: ["10.241.3.0/24"], ipRanges: ["10.241.3.128/25"], labels: { a: "b" } });
    expect(n.name).toBe("podman1");
    expect(n.subnets).toEqual([{ subnet: "10.241.3.0/24", gateway: "10.241.3.1", lease_range: { start_ip: "10.241.3.129", end_ip: "10.241.3.255" } }]);
    expect(n.dns_enabled).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "podman1.json"), "utf8"))).toEqual(n);
    const auto = store.create({ ...base, name: "auto", ipv6: true });
    expect(auto.subnets![0]!.subnet.startsWith("10.240.")).toBe(true);
    expect(auto.subnets![1]!.subnet).toMatch(/^fd[0-9a-f:]+::\/64$/);
    expect(auto.ipv6_enabled).toBe(true);
    expect(() => store.create({ ...base, name: "auto" })).toThrow("network name auto already used");
    expect(() => store.create({ ...base, name: "bad name" })).toThrow("names must match");
    expect(() => store.create({ ...base, name: "x", subnets: ["10.241.3.0/25"] })).toThrow("is already used on the host or by another config");
    expect(() => store.create({ ...base, name: "x", gateways: ["10.1.1.1"] })).toThrow("cannot set gateway or range without subnet");
    expect(() => store.create({ ...base, name: "x", driver: "foo" })).toThrow("unsupported driver foo");
    expect(store.list().map((x) => x.name)).toEqual(["auto", "podman", "podman1"]);
    expect(store.find(n.id.slice(0, 10))?.name).toBe("podman1");
    store.remove("auto");
    expect(store.find("auto")).toBeUndefined();
  });
});
