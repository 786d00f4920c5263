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
    expect(() => specGenerator({ ...base, createFlags: { volumes: ["/a:/b"] } }, false)).toThrow("the --volume option is not supported in remote mode");
    expect(() => specGenerator({ ...base, netFlags: { ...base.netFlags!, publish: ["80:80"] } }, false)).toThrow("not supported in remote mode");
    expect(() => specGenerator({ ...base, healthcheck: null }, false)).toThrow("health check");
  });
});
