import { describe, expect, test } from "bun:test";
import { infraCreateOptions, memberCreateOptions } from "./pod-container-options.ts";
import { buildPodConfig } from "./pod-create-config.ts";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import type { PodCreateOptions } from "../domain/pod-engine.ts";

const podOpts: PodCreateOptions = { name: "web", infra: true, publish: [], addHost: [], dns: [], dnsSearch: [], dnsOption: [], noHosts: false, labels: [], replace: false, volumes: [], devices: ["/dev/null"], securityOpt: ["label=disable"] };
const member: ContainerCreateOptions = { image: "busybox", command: [], env: [], tty: false, interactive: false, detach: true, remove: false, labels: [], ulimits: [], capAdd: [], capDrop: [], privileged: false, readOnly: false, pull: "missing" };

function pod(share?: string) {
  const p = buildPodConfig({ ...podOpts, share }, []);
  p.infraId = "f".repeat(64);
  return p;
}

describe("memberCreateOptions", () => {
  test("joins the infra container's net, ipc and uts namespaces and the pod's cgroup", () => {
    const p = pod();
    const o = memberCreateOptions(p, member);
    const infra = `container:${p.infraId}`;
    expect(o.network).toBe(infra);
    expect([o.createFlags?.ipc, o.createFlags?.uts, o.createFlags?.pid]).toEqual([infra, infra, undefined]);
    expect(o.hostname).toBe("web");
    expect(o.createFlags?.cgroupParent).toBe(p.cgroupPath);
    expect(o.createFlags?.devices).toEqual(["/dev/null"]);
    expect(o.createFlags?.securityOpt).toEqual(["label=disable"]);
  });
  test("--share pid adds the pid namespace", () => {
    const p = pod("+pid");
    expect(memberCreateOptions(p, member).createFlags?.pid).toBe(`container:${p.infraId}`);
  });
  test("a member's own namespace flags win", () => {
    const o = memberCreateOptions(pod(), { ...member, network: "host", createFlags: { ipc: "host" } });
    expect([o.network, o.createFlags?.ipc]).toEqual(["host", "host"]);
  });
  test("a hostname cannot be set in the pod's UTS namespace", () => {
    expect(() => memberCreateOptions(pod(), { ...member, hostname: "x" })).toThrow("cannot set hostname when joining the pod UTS namespace");
  });
  test("without infra nothing is joined", () => {
    const p = buildPodConfig({ ...podOpts, infra: false, devices: [], securityOpt: [] }, []);
    const o = memberCreateOptions(p, { ...member, hostname: "own" });
    expect([o.network, o.createFlags?.ipc, o.hostname]).toEqual([undefined, undefined, "own"]);
  });
});

describe("infraCreateOptions", () => {
  test("the pod's hostname, network and cgroup; the infra name", () => {
    const p = buildPodConfig({ ...podOpts, network: "host", hostname: "box" }, []);
    const o = infraCreateOptions(p, "localhost/tspod-pause:x");
    expect([o.name, o.hostname, o.network, o.createFlags?.cgroupParent]).toEqual([`${p.id.slice(0, 12)}-infra`, "box", "host", p.cgroupPath]);
  });
});
