// Podman's own remote client (`podman --remote`, 4.3.1) against `tspod system service`: the
// libpod routes it uses for ps, images, run (attached, -d, -i, -it), logs, stop and rm.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { systemSetup, waitFor } from "./harness.ts";
import { startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apipod" });
const PODMAN = "/usr/bin/podman";
const PTY_RUN = join(import.meta.dir, "pty-run.py");

beforeAll(async () => {
  svc = await startService(t, "remote");
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
}, 60_000);

async function remote(args: string[], stdin?: string) {
  const proc = Bun.spawn({
    cmd: [PODMAN, "--remote", "--url", `unix://${svc!.sock}`, ...args],
    stdin: stdin !== undefined ? new TextEncoder().encode(stdin) : "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.tmp, XDG_RUNTIME_DIR: t.tmp },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe.skipIf(!existsSync(PODMAN))("podman --remote against tspod system service", () => {
  test("version, images", async () => {
    const v = await remote(["version", "--format", "{{.Server.APIVersion}}"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe("4.3.1");
    const images = await remote(["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    expect(images.stdout.trim()).toBe(`${t.host}/busybox:latest`);
  });

  test("run --rm (short name pulled with policy missing), exit codes, stdin", async () => {
    const r = await remote(["run", "--rm", "busybox", "echo", "hi"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hi\n");
    expect((await remote(["run", "--rm", "busybox", "sh", "-c", "exit 3"])).code).toBe(3);
    expect((await remote(["run", "-i", "--rm", "busybox", "cat"], "through stdin\n")).stdout).toBe("through stdin\n");
  });

  test("run -d, ps, logs, stop, rm", async () => {
    const id = (await remote(["run", "-d", "--name", "bg", "busybox", "sh", "-c", "echo started; exec sleep 1000"])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    // Podman 4.3's {{.State}} is the human "Up … ago"
    const ps = await remote(["ps", "--format", "{{.Names}} {{.State}}"]);
    expect(ps.stdout).toMatch(/^bg Up /m);
    // Podman's client sends Go's zero time for an unset --until: every line still shows
    expect(await waitFor(async () => (await remote(["logs", "bg"])).stdout === "started\n")).toBe(true);
    expect((await remote(["stop", "-t", "0", "bg"])).code).toBe(0);
    expect((await t.ok(["inspect", "-f", "{{.State.Status}}", "bg"])).out).toBe("exited");
    expect((await remote(["rm", "bg"])).code).toBe(0);
    expect((await t.tspod(["container", "exists", "bg"])).code).toBe(1);
  });

  test("run -it: the terminal is sized before the container starts", async () => {
    const spec = { argv: [PODMAN, "--remote", "--url", `unix://${svc!.sock}`, "run", "-it", "--rm", "busybox", "sh"], rows: 30, cols: 100, steps: [{ expect: "# " }, { send: "stty size\n" }, { expect: "30 100" }, { send: "exit 2\n" }] };
    const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: t.tmp, XDG_RUNTIME_DIR: t.tmp } });
    const r = JSON.parse((await new Response(proc.stdout).text()).trim().split("\n").pop()!);
    expect(r.timedOut).toBe(false);
    expect(r.exit).toBe(2);
  });
});
