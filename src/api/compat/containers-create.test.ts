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

  test("Docker's defaults: bridge networking, image command, no restart policy", () => {
    const o = createOptionsFromBody({ Image: "busybox", Cmd: null, Entrypoint: null, HostConfig: { NetworkMode: "default", RestartPolicy: { Name: "no" }, PidsLimit: null } }, undefined);
    expect(o.command).toEqual([]);
    expect(o.entrypoint).toBeUndefined();
    expect(o.network).toBe("bridge");
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
    expect(() => createOptionsFromBody({ Image: "b", HostConfig: { PortBindings: { "80/tcp": [{ HostPort: "8080" }] } } }, undefined)).toThrow("publishing ports");
    expect(createOptionsFromBody({ Image: "b", HostConfig: { PortBindings: {} } }, undefined).image).toBe("b");
  });
});
