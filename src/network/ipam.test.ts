import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ipam } from "./ipam.ts";
import type { NetworkConfig, NetworkSubnet } from "./network-types.ts";

const net = (name: string, subnet: string, extra: Partial<NetworkSubnet> = {}): NetworkConfig => ({
  name,
  id: name,
  driver: "bridge",
  created: "",
  subnets: [{ subnet, gateway: subnet.replace(/0\/\d+$/, "1"), ...extra }],
  ipv6_enabled: false,
  internal: false,
  dns_enabled: false,
});

describe("Ipam", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ipam-"));
  test("hands out free addresses, keeps them per container, honours static ones, releases", () => {
    const a = new Ipam(dir);
    const b = new Ipam(dir); // another process's view of the same file
    const n = net("n1", "10.5.0.0/29");
    expect(a.allocate("c1", [{ network: n, staticIps: [] }])).toEqual({ n1: ["10.5.0.2"] });
    expect(b.allocate("c2", [{ network: n, staticIps: [] }])).toEqual({ n1: ["10.5.0.3"] });
    expect(a.allocate("c1", [{ network: n, staticIps: [] }])).toEqual({ n1: ["10.5.0.2"] });
    expect(() => b.allocate("c3", [{ network: n, staticIps: ["10.5.0.2"] }])).toThrow("already allocated");
    expect(() => b.allocate("c3", [{ network: n, staticIps: ["10.6.0.2"] }])).toThrow("not in any subnet");
    expect(b.allocate("c3", [{ network: n, staticIps: ["10.5.0.6"] }])).toEqual({ n1: ["10.5.0.6"] });
    b.allocate("c4", [{ network: n, staticIps: [] }]);
    b.allocate("c5", [{ network: n, staticIps: [] }]);
    expect(() => b.allocate("c6", [{ network: n, staticIps: [] }])).toThrow("failed to find free IP");
    a.release("c1");
    expect(a.allocationsOf("c1")).toEqual({});
    expect(b.allocate("c6", [{ network: n, staticIps: [] }])).toEqual({ n1: ["10.5.0.2"] });
  });
  test("lease ranges limit the pool", () => {
    const a = new Ipam(dir);
    const n = net("n2", "10.7.0.0/24", { lease_range: { start_ip: "10.7.0.129", end_ip: "10.7.0.255" } });
    expect(a.allocate("x", [{ network: n, staticIps: [] }])).toEqual({ n2: ["10.7.0.129"] });
  });
});
