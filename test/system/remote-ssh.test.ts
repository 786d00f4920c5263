// `tspod --url ssh://…` and ssh connections: the ssh binary forwards a private local socket to the
// service's socket on the "remote" host — here a throw-away sshd on a loopback port (only sshd is
// needed on the remote side, with AllowStreamLocalForwarding, the default).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup, waitFor } from "./harness.ts";
import { startRemoteService, type RemoteService } from "./remote-harness.ts";
import { freePort } from "../fixtures/registry.ts";

const SSHD = "/usr/sbin/sshd";
let svc: RemoteService | undefined;
let sshd: ReturnType<typeof Bun.spawn> | undefined;
afterAll(async () => {
  sshd?.kill("SIGTERM");
  await sshd?.exited;
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "rssh" });
let port = 0;
let home = "";
let key = "";

async function tcpOpen(p: number): Promise<boolean> {
  try {
    const s = await Bun.connect({ hostname: "127.0.0.1", port: p, socket: { data() {} } });
    s.end();
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  if (!existsSync(SSHD)) return;
  svc = await startRemoteService(t, "rssh");
  const dir = join(t.tmp, "ssh");
  mkdirSync(dir);
  for (const name of ["hostkey", "userkey"]) {
    expect(Bun.spawnSync({ cmd: ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", join(dir, name)] }).exitCode).toBe(0);
  }
  key = join(dir, "userkey");
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${key}.pub`));
  port = await freePort();
  const cfg = join(dir, "sshd_config");
  writeFileSync(
    cfg,
    [
      `Port ${port}`, "ListenAddress 127.0.0.1", `HostKey ${join(dir, "hostkey")}`, `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password", "PasswordAuthentication no", "StrictModes no", "UsePAM no", `PidFile ${join(dir, "sshd.pid")}`,
      "AllowStreamLocalForwarding yes", "",
    ].join("\n"),
  );
  mkdirSync("/run/sshd", { recursive: true }); // sshd's privilege separation directory
  sshd = Bun.spawn({ cmd: [SSHD, "-D", "-e", "-f", cfg], stdout: "ignore", stderr: "ignore" });
  expect(await waitFor(() => tcpOpen(port), 10_000)).toBe(true);
  // Podman checks the host key against $HOME/.ssh/known_hosts; so does tspod
  home = join(t.tmp, "home");
  mkdirSync(join(home, ".ssh"), { recursive: true });
  writeFileSync(join(home, ".ssh", "known_hosts"), `[127.0.0.1]:${port} ${readFileSync(join(dir, "hostkey.pub"), "utf8")}`);
}, 60_000);

describe.skipIf(!existsSync(SSHD))("tspod over ssh://", () => {
  test("--url ssh:// with --identity: same output as locally", async () => {
    const id = (await t.ok(["create", "--name", "over-ssh", t.img("busybox"), "true"], { env: { CONTAINERS_REGISTRIES_CONF: t.writeRegistriesConf("rs.conf", { insecure: [t.host] }) } })).out;
    const url = `ssh://root@127.0.0.1:${port}${svc!.sock}`;
    const ps = await t.tspod(["--url", url, "--identity", key, "ps", "-a", "--format", "{{.ID}} {{.Names}}"], { env: { HOME: home } });
    expect({ code: ps.code, stdout: ps.stdout, stderr: ps.stderr }).toEqual({ code: 0, stdout: `${id.slice(0, 12)} over-ssh\n`, stderr: "" });
    const started = await t.tspod(["--url", url, "--identity", key, "start", "over-ssh"], { env: { HOME: home } });
    expect(started.out).toBe("over-ssh");
    expect((await t.tspod(["--url", url, "--identity", key, "wait", "over-ssh"], { env: { HOME: home } })).out).toBe("0");
    // CONTAINER_HOST + CONTAINER_SSHKEY, and a saved connection with its identity
    const viaEnv = await t.tspod(["rm", "over-ssh"], { env: { HOME: home, CONTAINER_HOST: url, CONTAINER_SSHKEY: key } });
    expect(viaEnv.out).toBe("over-ssh");
    const conf = join(t.tmp, "ssh-containers.conf");
    writeFileSync(conf, readFileSync(t.containersConf, "utf8"));
    const env = { HOME: home, CONTAINERS_CONF: conf };
    expect((await t.tspod(["system", "connection", "add", "--identity", key, "--socket-path", svc!.sock, "--port", String(port), "box", "root@127.0.0.1"], { env })).code).toBe(0);
    const v = await t.tspod(["-c", "box", "version", "--format", "{{.Server.APIVersion}}"], { env });
    expect(v.out).toBe("4.3.1");
  });

  test("an unknown host key or a refused key fails clearly", async () => {
    const url = `ssh://root@127.0.0.1:${port}${svc!.sock}`;
    const unknownHost = await t.tspod(["--url", url, "--identity", key, "ps"], { env: { HOME: join(t.tmp, "empty-home") } });
    expect(unknownHost.code).toBe(125);
    expect(unknownHost.stderr).toContain("Host key verification failed");
  });
});
