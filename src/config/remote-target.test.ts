import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_REMOTE_URI, resolveRemoteTarget } from "./remote-target.ts";
import { readDestinations, userContainersConfPath, writeDestinations } from "./service-destinations.ts";

const dir = mkdtempSync(join(tmpdir(), "tspod-remote-target-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const conf = join(dir, "containers.conf");
writeFileSync(
  conf,
  '[containers]\nlog_driver = "k8s-file"\n\n[engine]\nactive_service = "a"\n[engine.service_destinations.a]\nuri = "unix:///a.sock"\n[engine.service_destinations.b]\nuri = "ssh://u@h:22/b.sock"\nidentity = "/id_b"\n',
);
const env = { CONTAINERS_CONF: conf };

describe("resolveRemoteTarget", () => {
  test("local unless a remote flag or variable is set", () => {
    expect(resolveRemoteTarget({}, env)).toBeUndefined();
    expect(resolveRemoteTarget({ identity: "/x" }, env)).toBeUndefined();
  });

  test("Podman's precedence", () => {
    expect(resolveRemoteTarget({ remote: true }, env)).toEqual({ uri: "unix:///a.sock", identity: undefined });
    expect(resolveRemoteTarget({ connection: "b" }, { ...env, HOME: "/hm" })).toEqual({ uri: "ssh://u@h:22/b.sock", identity: "/id_b", knownHosts: "/hm/.ssh/known_hosts" });
    expect(resolveRemoteTarget({ url: "tcp://x:1" }, { ...env, CONTAINER_CONNECTION: "b" })).toEqual({ uri: "tcp://x:1", identity: undefined });
    expect(resolveRemoteTarget({}, { ...env, CONTAINER_CONNECTION: "b", CONTAINER_HOST: "tcp://y:2" })).toMatchObject({ uri: "ssh://u@h:22/b.sock", identity: "/id_b" });
    expect(resolveRemoteTarget({}, { ...env, CONTAINER_HOST: "ssh://h/s", CONTAINER_SSHKEY: "/k" })).toMatchObject({ uri: "ssh://h/s", identity: "/k" });
    expect(resolveRemoteTarget({ connection: "b", identity: "/mine" }, env)).toMatchObject({ uri: "ssh://u@h:22/b.sock", identity: "/mine" });
    expect(resolveRemoteTarget({ remote: true }, { CONTAINERS_CONF: join(dir, "missing.conf") })).toEqual({ uri: DEFAULT_REMOTE_URI, identity: undefined });
  });

  test("an unknown connection is an error", () => {
    expect(() => resolveRemoteTarget({ connection: "zz" }, env)).toThrow('"zz" destination is not defined');
  });
});

describe("service destinations", () => {
  test("Podman's file locations", () => {
    expect(userContainersConfPath({ CONTAINERS_CONF: "/c" }, 1000)).toBe("/c");
    expect(userContainersConfPath({}, 0)).toBe("/etc/containers/containers.conf");
    expect(userContainersConfPath({ XDG_CONFIG_HOME: "/x" }, 1000)).toBe("/x/containers/containers.conf");
    expect(userContainersConfPath({ HOME: "/home/u" }, 1000)).toBe("/home/u/.config/containers/containers.conf");
  });

  test("writing keeps the rest of the file", () => {
    const file = join(dir, "rw.conf");
    writeFileSync(file, readFileSync(conf, "utf8"));
    writeDestinations(file, "c", [{ name: "c", uri: "tcp://h:1", identity: "" }]);
    const back = readDestinations({ CONTAINERS_CONF: file });
    expect(back).toEqual({ path: file, active: "c", destinations: [{ name: "c", uri: "tcp://h:1", identity: "" }] });
    expect(readFileSync(file, "utf8")).toContain('log_driver = "k8s-file"');
    writeDestinations(file, "", []);
    expect(readFileSync(file, "utf8")).not.toContain("service_destinations");
  });
});
