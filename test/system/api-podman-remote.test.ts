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

  test("exec: output, exit codes, stdin with -i, a missing command", async () => {
    expect((await remote(["run", "-d", "--name", "ex", "busybox", "sleep", "1000"])).code).toBe(0);
    const hi = await remote(["exec", "ex", "echo", "hi"]);
    expect(hi).toEqual({ stdout: "hi\n", stderr: "", code: 0 });
    expect((await remote(["exec", "ex", "sh", "-c", "echo err >&2; exit 4"])).code).toBe(4);
    expect((await remote(["exec", "ex", "sh", "-c", "echo err >&2"])).stderr).toBe("err\n");
    const cat = await remote(["exec", "-i", "ex", "sh", "-c", "cat; echo done"], "line one\nline two\n");
    expect(cat.stdout).toBe("line one\nline two\ndone\n");
    expect(cat.code).toBe(0);
    const missing = await remote(["exec", "ex", "nosuchcmd"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain("not found");
    // many in a row: every connection is taken before node:http and closed after
    for (let i = 0; i < 5; i++) expect((await remote(["exec", "ex", "true"])).code).toBe(0);
  }, 60_000);

  test("exec -it on a pseudo-terminal", async () => {
    const spec = { argv: [PODMAN, "--remote", "--url", `unix://${svc!.sock}`, "exec", "-it", "ex", "sh"], rows: 24, cols: 80, steps: [{ expect: "# " }, { send: "echo $((6*7))\n" }, { expect: "42" }, { send: "exit 3\n" }] };
    const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: t.tmp, XDG_RUNTIME_DIR: t.tmp } });
    const r = JSON.parse((await new Response(proc.stdout).text()).trim().split("\n").pop()!);
    expect(r.timedOut).toBe(false);
    expect(r.exit).toBe(3);
  }, 60_000);

  test("pod create, pod ps, run --pod, pod rm", async () => {
    const id = (await remote(["pod", "create", "--name", "rp", "--label", "k=v"])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect((await remote(["run", "-d", "--pod", "rp", "--name", "rp-c", "busybox", "sleep", "1000"])).code).toBe(0);
    const ps = await remote(["pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}"]);
    expect(ps.stdout).toBe("rp Running 2\n");
    expect((await t.ok(["inspect", "-f", "{{.Pod}}", "rp-c"])).out).toBe(id);
    expect((await remote(["pod", "inspect", "rp", "--format", "{{.Name}} {{.NumContainers}}"])).stdout.trim()).toBe("rp 2");
    expect((await remote(["pod", "rm", "-f", "rp"])).code).toBe(0);
    expect((await t.tspod(["pod", "exists", "rp"])).code).toBe(1);
  }, 60_000);

  test("volume create/ls/inspect/rm, network create/ls/rm, inspect, cp", async () => {
    expect((await remote(["volume", "create", "rv"])).stdout).toBe("rv\n");
    expect((await remote(["volume", "ls", "--format", "{{.Name}}"])).stdout).toBe("rv\n");
    expect((await remote(["volume", "inspect", "rv", "--format", "{{.Driver}}"])).stdout).toBe("local\n");
    const net = `rnet${process.pid}`;
    expect((await remote(["network", "create", net])).stdout).toBe(`${net}\n`);
    expect((await remote(["network", "ls", "--format", "{{.Name}}"])).stdout).toContain(`${net}\n`);
    const run = await remote(["run", "--rm", "--network", net, "-v", "rv:/data", "busybox", "sh", "-c", "echo kept > /data/f; ip -o -4 addr show eth0 | wc -l"]);
    expect(run.stdout).toBe("1\n");
    expect((await t.ok(["run", "--rm", "-v", "rv:/data", t.img("busybox"), "cat", "/data/f"])).out).toBe("kept");
    expect((await remote(["volume", "rm", "rv"])).code).toBe(0);
    expect((await remote(["network", "rm", net])).code).toBe(0);
    expect((await remote(["inspect", "--format", "{{.Name}} {{.State.Status}}", "ex"])).stdout).toBe("ex running\n");
    const src = join(t.tmp, "cp-src.txt");
    await Bun.write(src, "copied in\n");
    expect((await remote(["cp", src, "ex:/tmp/"])).code).toBe(0);
    expect((await remote(["exec", "ex", "cat", "/tmp/cp-src.txt"])).stdout).toBe("copied in\n");
    expect((await remote(["cp", "ex:/tmp/cp-src.txt", join(t.tmp, "cp-back.txt")])).code).toBe(0);
    expect(await Bun.file(join(t.tmp, "cp-back.txt")).text()).toBe("copied in\n");
    expect((await remote(["rm", "-f", "-t", "0", "ex"])).code).toBe(0);
  }, 60_000);

  test("run -it: the terminal is sized before the container starts", async () => {
    const spec = { argv: [PODMAN, "--remote", "--url", `unix://${svc!.sock}`, "run", "-it", "--rm", "busybox", "sh"], rows: 30, cols: 100, steps: [{ expect: "# " }, { send: "stty size\n" }, { expect: "30 100" }, { send: "exit 2\n" }] };
    const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: t.tmp, XDG_RUNTIME_DIR: t.tmp } });
    const r = JSON.parse((await new Response(proc.stdout).text()).trim().split("\n").pop()!);
    expect(r.timedOut).toBe(false);
    expect(r.exit).toBe(2);
  });
});
