import { describe, expect, test } from "bun:test";
import { specGenerator } from "./remote-create-spec.ts";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";

const base: ContainerCreateOptions = {
  image: "busybox", command: ["sh", "-c", "true"], env: ["A=1"], tty: false, interactive: true, detach: true, remove: false,
  labels: ["k=v"], ulimits: ["nofile=100:200"], capAdd: [], capDrop: ["ALL"], privileged: false, readOnly: false, pull: "missing",
  restart: "on-failure:3", createFlags: { cgroups: "enabled", imageVolume: "bind", readOnlyTmpfs: true, init: true },
  netFlags: { publish: [], publishAll: false, expose: [], dns: [], dnsSearch: [], dnsOptions: [], addHosts: [], noHosts: false, aliases: [] },
  healthOverrides: {}, healthOnFailure: "none",
};

describe("specGenerator", () => {
  test("maps the options to Podman's SpecGenerator fields", () => {
    expect(specGenerator(base, true)).toMatchObject({
      image: "busybox", command: ["sh", "-c", "true"], env: { A: "1" }, stdin: true, terminal: false, remove: true, labels: { k: "v" },
      cap_drop: ["ALL"], init: true, restart_policy: "on-failure", restart_tries: 3, r_limits: [{ type: "RLIMIT_NOFILE", soft: 100, hard: 200 }],
    });
  });

  test("options the service would drop are refused", () => {
    expect(() => specGenerator({ ...base, createFlags: { memorySwap: "1g" } }, false)).toThrow("the --memory-swap option is not supported in remote mode");
    expect(() => specGenerator({ ...base, createFlags: { securityOpt: ["no-new-privileges"] } }, false)).toThrow("not supported in remote mode");
    expect(() => specGenerator({ ...base, healthOnFailure: "kill" }, false)).toThrow("--health-on-failure");
    expect(() => specGenerator({ ...base, netFlags: { ...base.netFlags!, ip: "10.0.0.2" } }, false)).toThrow("without --network");
  });

  test("storage: binds become mounts, named and anonymous volumes volumes, tmpfs and --mount mounts", () => {
    const s = specGenerator({ ...base, createFlags: { volumes: ["/host:/in:ro", "data:/data", "/anon"], tmpfs: ["/t:size=1m"], mounts: ["type=tmpfs,destination=/m,tmpfs-size=2m"], devices: ["/dev/null:/dev/n"] } }, false);
    expect(s.mounts).toEqual([
      { type: "bind", source: "/host", destination: "/in", options: ["ro"] },
      { type: "tmpfs", destination: "/m", options: ["size=2m"] },
      { type: "tmpfs", source: "tmpfs", destination: "/t", options: ["size=1m"] },
    ]);
    expect(s.volumes).toEqual([{ Name: "data", Dest: "/data", Options: [] }, { Name: "", Dest: "/anon", Options: [], IsAnonymous: true }]);
    expect(s.devices).toEqual([{ path: "/dev/null:/dev/n" }]);
  });

  test("network: named networks with options, ports in Podman's PortMapping shape, expose, pod, health", () => {
    const s = specGenerator({ ...base, network: "front:alias=web,ip=10.1.0.5,back", pod: "p1", healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 1e9 },
      netFlags: { ...base.netFlags!, publish: ["127.0.0.1:8080:80", "9000-9001:90-91/udp"], expose: ["70/tcp"], dns: ["192.0.2.53"] } }, false);
    expect(s.netns).toEqual({ nsmode: "bridge" });
    expect(s.Networks).toEqual({ front: { aliases: ["web"], static_ips: ["10.1.0.5"] }, back: {} });
    expect(s.portmappings).toEqual([
      { host_ip: "127.0.0.1", container_port: 80, host_port: 8080, range: 1, protocol: "tcp" },
      { host_ip: "", container_port: 90, host_port: 9000, range: 2, protocol: "udp" },
    ]);
    expect(s.expose).toEqual({ 70: "tcp" });
    expect(s.dns_server).toEqual(["192.0.2.53"]);
    expect(s.pod).toBe("p1");
    expect(s.healthconfig).toEqual({ Test: ["CMD-SHELL", "true"], Interval: 1e9 });
    expect(specGenerator({ ...base, network: "none" }, false).netns).toEqual({ nsmode: "none" });
    expect(() => specGenerator({ ...base, netFlags: { ...base.netFlags!, publish: ["70000:80"] } }, false)).toThrow("port numbers must be between 1 and 65535");
  });
});
