import { describe, expect, test } from "bun:test";
import { createOptionsFromBody } from "./containers-create.ts";

describe("Docker's create body", () => {
  test("maps Config and HostConfig onto create options", () => {
    const o = createOptionsFromBody(
      {
        Image: "busybox",
        Cmd: ["echo", "hi"],
        Entrypoint: "/bin/sh",
        Env: ["A=1", "LEAK"],
        Labels: { team: "api" },
        WorkingDir: "/tmp",
        User: "nobody",
        Tty: true,
        OpenStdin: true,
        HostConfig: {
          AutoRemove: true,
          Memory: 64 * 1024 * 1024,
          NanoCpus: 500_000_000,
          CpuShares: 512,
          PidsLimit: 50,
          RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
          Privileged: false,
          CapAdd: ["NET_ADMIN"],
          CapDrop: ["MKNOD"],
          NetworkMode: "none",
          Init: true,
          Ulimits: [{ Name: "nofile", Soft: 100, Hard: 200 }],
          ReadonlyRootfs: true,
          Binds: ["/src:/dst:ro"],
          Mounts: [{ Type: "tmpfs", Target: "/scratch" }],
        },
      },
      "named",
    );
    expect(o).toMatchObject({
      image: "busybox",
      name: "named",
      command: ["echo", "hi"],
      entrypoint: ["/bin/sh"],
      env: ["A=1"],
      labels: ["team=api"],
      workdir: "/tmp",
      user: "nobody",
      tty: true,
      interactive: true,
      remove: true,
      network: "none",
      ulimits: ["nofile=100:200"],
      capAdd: ["NET_ADMIN"],
      capDrop: ["MKNOD"],
      readOnly: true,
      pull: "never",
      restart: "on-failure:3",
    });
    expect(o.createFlags).toMatchObject({ memory: String(64 * 1024 * 1024), cpus: "0.5", cpuShares: 512, pidsLimit: 50, init: true, volumes: ["/src:/dst:ro"], mounts: ["type=tmpfs,destination=/scratch"] });
  });

  test("ports, DNS, hosts and the network endpoint become the network flags", () => {
    const o = createOptionsFromBody(
      {
        Image: "b",
        ExposedPorts: { "9000/tcp": {} },
        MacAddress: "92:d0:c6:0a:29:33",
        HostConfig: { NetworkMode: "mynet", PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }], "53/udp": [{ HostIp: "127.0.0.1", HostPort: "" }], "443/tcp": null }, PublishAllPorts: true, Dns: ["1.1.1.1"], ExtraHosts: ["db:10.0.0.2"] },
        NetworkingConfig: { EndpointsConfig: { mynet: { Aliases: ["web"], IPAMConfig: { IPv4Address: "10.89.0.5" } } } },
      },
      undefined,
    );
    expect(o.network).toBe("mynet");
    expect(o.netFlags).toMatchObject({ publish: ["8080:80/tcp", "127.0.0.1::53/udp", "443/tcp"], publishAll: true, expose: ["9000/tcp"], dns: ["1.1.1.1"], addHosts: ["db:10.0.0.2"], ip: "10.89.0.5", mac: "92:d0:c6:0a:29:33", aliases: ["web"] });
  });

  test("Docker's defaults: the default network, image command, no restart policy", () => {
    const o = createOptionsFromBody({ Image: "busybox", Cmd: null, Entrypoint: null, HostConfig: { NetworkMode: "default", RestartPolicy: { Name: "no" }, PidsLimit: null } }, undefined);
    expect(o.command).toEqual([]);
    expect(o.entrypoint).toBeUndefined();
    expect(o.network).toBeUndefined();
    expect(o.restart).toBeUndefined();
    expect(o.createFlags?.pidsLimit).toBeUndefined();
  });

  test("wrong types are refused in Go's words", () => {
    expect(() => createOptionsFromBody({ Image: 1 }, undefined)).toThrow("json: cannot unmarshal number into Go struct field container.Config.Image of type string");
    expect(() => createOptionsFromBody({ Image: "b", Env: "A=1" }, undefined)).toThrow("Config.Env of type []string");
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: [] }, undefined)).toThrow("Config.HostConfig of type container.HostConfig");
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: { Privileged: "yes" } }, undefined)).toThrow("HostConfig.Privileged of type bool");
    expect(() => createOptionsFromBody("str", undefined)).toThrow("cannot unmarshal string");
    expect(() => createOptionsFromBody({}, undefined)).toThrow("Config cannot be empty");
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: { RestartPolicy: { Name: "sometimes" } } }, undefined)).toThrow("invalid restart policy");
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: { Mounts: [{ Type: "npipe", Target: "/x" }] } }, undefined)).toThrow("invalid mount type");
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: { PortBindings: { "eighty": [] } } }, undefined)).toThrow("invalid port specification");
  });
});
