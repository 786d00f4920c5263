import { describe, expect, test } from "bun:test";
import { buildPodConfig, parseExitPolicy, parseShare } from "./pod-create-config.ts";
import type { PodCreateOptions } from "../domain/pod-engine.ts";

const base: PodCreateOptions = { infra: true, publish: [], addHost: [], dns: [], dnsSearch: [], dnsOption: [], noHosts: false, labels: [], replace: false, volumes: [], devices: [], securityOpt: [] };

describe("parseShare", () => {
  test("defaults to ipc, net, uts", () => expect(parseShare(undefined, true)).toEqual(["ipc", "net", "uts"]));
  test("a list replaces the defaults (Podman's order)", () => expect(parseShare("uts,pid", true)).toEqual(["pid", "uts"]));
  test("+ adds to the defaults", () => expect(parseShare("+pid,cgroup", true)).toEqual(["cgroup", "pid", "ipc", "net", "uts"]));
  test("none shares nothing", () => expect(parseShare("none", true)).toEqual([]));
  test("no infra shares nothing", () => expect(parseShare(undefined, false)).toEqual([]));
  test("unknown namespaces are refused", () => expect(() => parseShare("ipc,foo", true)).toThrow("invalid kernel namespace to share: foo. Options are: cgroup, ipc, net, pid, uts or none"));
  test("sharing without infra is refused", () => expect(() => parseShare("ipc", false)).toThrow("cannot set share(ipc) namespaces without an infra container"));
});

describe("parseExitPolicy", () => {
  test("continue is the default", () => expect(parseExitPolicy(undefined)).toBe("continue"));
  test("stop", () => expect(parseExitPolicy("stop")).toBe("stop"));
  test("others are refused", () => expect(() => parseExitPolicy("foo")).toThrow(`running pod create option: invalid pod exit policy: "foo"`));
});

describe("buildPodConfig", () => {
  test("resources, cgroup and labels", () => {
    const p = buildPodConfig({ ...base, name: "web", cpus: "1.5", memory: "64m", labels: ["a=b", "c"], cgroupParent: "mine/" }, ["tspod", "pod", "create"]);
    expect(p.name).toBe("web");
    expect(p.id).toMatch(/^[0-9a-f]{64}$/);
    expect(p.resources).toMatchObject({ cpuQuota: 150000, cpuPeriod: 100000, memory: 64 * 1024 * 1024, memorySwap: 128 * 1024 * 1024 });
    expect(p.cgroupPath).toBe(`/mine/${p.id}`);
    expect(p.labels).toEqual({ a: "b", c: "" });
  });
  test("a random name when none is given", () => expect(buildPodConfig(base, []).name).toMatch(/^[a-z]+_[a-z]+$/));
  test("bad names are refused", () => expect(() => buildPodConfig({ ...base, name: "-x" }, [])).toThrow("names must match"));
  test("ports need an infra container", () => expect(() => buildPodConfig({ ...base, infra: false, publish: ["80:80"] }, [])).toThrow("you must have an infra container to publish port bindings to the host"));
  test("network modes need an infra container", () => expect(() => buildPodConfig({ ...base, infra: false, network: "host" }, [])).toThrow("NoInfra and network modes cannot be used together"));
});
