// `system connection add|ls|default|rename|rm` write Podman 4.3's containers.conf tables (shared
// with podman), and `--connection`/CONTAINER_CONNECTION/the default connection pick the service.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup } from "./harness.ts";
import { startRemoteService, type RemoteService } from "./remote-harness.ts";

let svc: RemoteService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "rconn" });
const PODMAN = "/usr/bin/podman";
let conf = "";

beforeAll(async () => {
  svc = await startRemoteService(t, "rconn");
  // the user's containers.conf: the harness's settings plus the connections
  conf = join(t.tmp, "user-containers.conf");
  writeFileSync(conf, readFileSync(t.containersConf, "utf8"));
}, 60_000);

const c = (args: string[], env: Record<string, string> = {}) => t.tspod(args, { env: { CONTAINERS_CONF: conf, ...env } });

describe("system connection", () => {
  test("add, ls, default, rename, rm keep Podman's tables", async () => {
    expect((await c(["system", "connection", "ls"])).stdout).toBe("Name        URI         Identity    Default\n");
    expect((await c(["system", "connection", "add", "local", svc!.url])).code).toBe(0);
    expect((await c(["system", "connection", "add", "--identity", "/root/.ssh/id_x", "--port", "2222", "far", "root@example.com"])).code).toBe(0);
    expect((await c(["system", "connection", "add", "-d", "tcp", "tcp://127.0.0.1:1"])).code).toBe(0);
    const text = readFileSync(conf, "utf8");
    expect(text).toContain('active_service = "tcp"');
    expect(text).toMatch(/\[engine\.service_destinations\.far\]\s+uri = "ssh:\/\/root@example\.com:2222\/run\/podman\/podman\.sock"\s+identity = "\/root\/\.ssh\/id_x"/);
    expect(text).toContain("network_config_dir"); // the rest of the file is kept
    const ls = await c(["system", "connection", "ls", "--format", "{{.Name}} {{.URI}} {{.Identity}} {{.Default}}"]);
    expect(ls.stdout).toBe(`far ssh://root@example.com:2222/run/podman/podman.sock /root/.ssh/id_x false\nlocal ${svc!.url}  false\ntcp tcp://127.0.0.1:1  true\n`);
    const json = JSON.parse((await c(["system", "connection", "list", "--format", "json"])).stdout);
    expect(json[1]).toEqual({ Name: "local", URI: svc!.url, Identity: "", IsMachine: false, Default: false });
    expect((await c(["system", "connection", "ls", "-q"])).stdout).toBe("far\nlocal\ntcp\n");
    expect((await c(["system", "connection", "default", "local"])).code).toBe(0);
    const missing = await c(["system", "connection", "default", "nope"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toBe('Error: "nope" destination is not defined. See "tspod system connection add ..." to create a connection\n');
    expect((await c(["system", "connection", "rename", "nope", "x"])).code).toBe(125);
    expect((await c(["system", "connection", "rename", "local", "here"])).code).toBe(0);
    expect((await c(["system", "connection", "rm", "tcp"])).code).toBe(0);
    expect((await c(["system", "connection", "rm", "nope"])).code).toBe(0);
    expect((await c(["system", "connection", "ls", "--format", "{{.Name}} {{.Default}}"])).stdout).toBe("far false\nhere true\n");
    const bad = await c(["system", "connection", "add", "x", "unix://relative"]);
    expect(bad.code).toBe(125);
    expect((await c(["system", "connection", "add", "onlyname"])).stderr).toBe("Error: accepts 2 arg(s), received 1\n");
  });

  test("--remote uses the default connection; -c and CONTAINER_CONNECTION pick one", async () => {
    const id = (await t.ok(["create", "--name", "conn-ctr", t.img("busybox"), "true"], { env: { CONTAINERS_REGISTRIES_CONF: t.writeRegistriesConf("rc.conf", { insecure: [t.host] }) } })).out;
    const fmt = ["ps", "-a", "--format", "{{.ID}} {{.Names}}"];
    const want = `${id.slice(0, 12)} conn-ctr\n`;
    expect((await c(["--remote", ...fmt])).stdout).toBe(want);
    expect((await c(["-c", "here", ...fmt])).stdout).toBe(want);
    expect((await c(fmt, { CONTAINER_CONNECTION: "here" })).stdout).toBe(want);
    const nope = await c(["-c", "nope", ...fmt]);
    expect(nope.code).toBe(125);
    expect(nope.stderr).toContain('"nope" destination is not defined');
    // --url wins over the default connection
    expect((await c(["-r", "--url", `unix://${t.tmp}/none.sock`, ...fmt])).code).toBe(125);
    expect((await t.ok(["rm", "conn-ctr"])).code).toBe(0);
  });

  test.skipIf(!existsSync(PODMAN))("podman reads the connections tspod wrote", async () => {
    const proc = Bun.spawn({
      cmd: [PODMAN, "system", "connection", "ls", "--format", "{{.Name}} {{.URI}} {{.Default}}"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.tmp, CONTAINERS_CONF: conf },
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(out).toBe(`far ssh://root@example.com:2222/run/podman/podman.sock false\nhere ${svc!.url} true\n`);
  });
});
