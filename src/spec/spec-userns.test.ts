import { describe, expect, test } from "bun:test";
import { idMappingText, mapId, parseIdMappings, sysfsForUserns } from "./spec-userns.ts";
import { generateSpec } from "./generate-spec.ts";

describe("parseIdMappings", () => {
  test("CONTAINER:HOST:SIZE entries, several allowed", () => {
    expect(parseIdMappings(["0:100000:65536", "65536:300000:10"], "UID")).toEqual([
      { containerID: 0, hostID: 100000, size: 65536 },
      { containerID: 65536, hostID: 300000, size: 10 },
    ]);
    expect(idMappingText(parseIdMappings(["0:1:2"], "GID"))).toEqual(["0:1:2"]);
  });
  test("malformed entries get Podman's message", () => {
    for (const bad of ["0:100000", "a:b:c", "0:1:0", "-1:0:5", "0:4294967296:1", "0:1:2:3"]) {
      expect(() => parseIdMappings([bad], "UID")).toThrow(`initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ["${bad}"]`);
    }
  });
});

test("mapId maps inside the ranges only", () => {
  const m = parseIdMappings(["0:100000:1000", "1000:500000:1"], "UID");
  expect([mapId(0, m), mapId(999, m), mapId(1000, m), mapId(1001, m)]).toEqual([100000, 100999, 500000, undefined]);
});

test("sysfsForUserns binds the host's /sys only for the host network", () => {
  const mounts = [{ destination: "/sys", type: "sysfs", source: "sysfs", options: ["ro"] }];
  expect(sysfsForUserns(mounts, false)).toBe(mounts);
  expect(sysfsForUserns(mounts, true)[0]).toMatchObject({ destination: "/sys", type: "bind", source: "/sys" });
});

describe("generateSpec with a user namespace", () => {
  const base = {
    id: "a".repeat(64),
    name: "u",
    imageConfig: {},
    command: ["true"],
    env: {},
    tty: false,
    stdin: false,
    rootfsPath: "/r",
    extraMounts: [],
    cgroupsPath: "/p/c",
    defaults: { capabilities: [], ulimits: [], env: [] },
    hostLimits: {},
    arch: "x64",
  };
  const maps = { uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }], gidMappings: [{ containerID: 0, hostID: 200000, size: 65536 }] };
  test("a new namespace: a user entry and the mappings", () => {
    const { spec } = generateSpec({ ...base, network: { mode: "none" }, userns: maps });
    expect(spec.linux.namespaces.filter((n) => n.type === "user")).toEqual([{ type: "user" }]);
    expect([spec.linux.uidMappings, spec.linux.gidMappings]).toEqual([maps.uidMappings, maps.gidMappings]);
    expect(spec.mounts.find((m) => m.destination === "/sys")?.type).toBe("sysfs");
  });
  test("a joined namespace keeps its path; without userns there is no user entry", () => {
    const { spec } = generateSpec({ ...base, network: { mode: "host" }, userns: { ...maps, path: "container:abc" } });
    expect(spec.linux.namespaces.filter((n) => n.type === "user")).toEqual([{ type: "user", path: "container:abc" }]);
    expect(spec.mounts.find((m) => m.destination === "/sys")?.type).toBe("bind");
    const plain = generateSpec({ ...base, network: { mode: "none" } }).spec;
    expect(plain.linux.namespaces.some((n) => n.type === "user")).toBe(false);
    expect(plain.linux.uidMappings).toBeUndefined();
  });
});
