// `tspod --remote`: the same commands against `tspod system service` give the same output and exit
// codes as local mode (images, containers, exec, logs, pods, volumes, networks, errors).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { HEX64, systemSetup, TSPOD, waitFor } from "./harness.ts";
import { outcome, remote, startRemoteService, type RemoteService } from "./remote-harness.ts";

let svc: RemoteService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "remote" });
let img = "";

beforeAll(async () => {
  svc = await startRemoteService(t, "remote");
  img = t.img("busybox");
}, 60_000);

const r = (args: string[], stdin?: string) => remote(t, svc!, args, stdin !== undefined ? { stdin } : {});

describe("tspod --remote against tspod system service", () => {
  test("version shows the server; info as locally", async () => {
    const v = await r(["version"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Client: +Podman Engine\n[\s\S]*\nServer: +Podman Engine\nVersion: /);
    expect((await r(["version", "--format", "{{.Server.APIVersion}}"])).out).toBe("4.3.1");
    const fmt = "{{.Host.Arch}} {{.Store.GraphRoot}}";
    expect((await r(["info", "--format", fmt])).out).toBe((await t.ok(["info", "--format", fmt])).out);
  });

  test("pull, images, image inspect, tag, rmi", async () => {
    const pulled = await r(["pull", "--tls-verify=false", img]);
    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toContain(`Trying to pull ${img}...`);
    expect(pulled.out).toMatch(HEX64);
    const fmt = "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}";
    expect(outcome(await r(["images", "--format", fmt]))).toEqual(outcome(await t.ok(["images", "--format", fmt])));
    expect((await r(["image", "inspect", "--format", "{{.Id}}", img])).out).toBe(pulled.out);
    expect((await r(["tag", img, "remote-tag:v1"])).code).toBe(0);
    expect((await t.ok(["images", "--format", "{{.Repository}}:{{.Tag}}"])).stdout).toContain("localhost/remote-tag:v1");
    const rmi = await r(["rmi", "remote-tag:v1"]);
    expect(outcome(rmi)).toEqual({ code: 0, stdout: "Untagged: localhost/remote-tag:v1\n", stderr: "" });
    const missingRemote = await r(["rmi", "no-such-image"]);
    expect(outcome(missingRemote)).toEqual(outcome(await t.tspod(["rmi", "no-such-image"])));
  });

  test("run attached: output, exit codes, stdin, --rm", async () => {
    const hi = await r(["run", "--rm", img, "sh", "-c", "echo out; echo err >&2"]);
    expect(outcome(hi)).toEqual({ code: 0, stdout: "out\n", stderr: "err\n" });
    expect((await r(["run", "--rm", img, "sh", "-c", "exit 7"])).code).toBe(7);
    expect((await r(["run", "--rm", "-i", img, "cat"], "through stdin\n")).stdout).toBe("through stdin\n");
    expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  });

  test("run -it on a terminal: sized, resized, exit code passed", async () => {
    const argv = [TSPOD, "--url", svc!.url, "run", "-it", "--rm", img, "sh"];
    const steps = [{ expect: "# " }, { send: "stty size\n" }, { expect: "30 100" }, { resize: [40, 120] }, { sleep: 0.3 }, { send: "stty size\n" }, { expect: "40 120" }, { send: "exit 2\n" }];
    const proc = Bun.spawn(["python3", join(import.meta.dir, "pty-run.py"), JSON.stringify({ argv, rows: 30, cols: 100, steps })], { stdout: "pipe", stderr: "pipe", env: { ...process.env, CONTAINERS_CONF: t.containersConf } });
    const res = JSON.parse((await new Response(proc.stdout).text()).trim().split("\n").pop()!);
    expect(res.timedOut).toBe(false);
    expect(res.exit).toBe(2);
  });

  test("run -d, ps, inspect, logs, exec, stop, wait, rm match local mode", async () => {
    const id = (await r(["run", "-d", "--name", "bg", "--label", "k=v", img, "sh", "-c", "echo started; echo warn >&2; exec sleep 1000"])).out;
    expect(id).toMatch(HEX64);
    expect(await waitFor(async () => (await t.tspod(["logs", "bg"])).stdout === "started\n")).toBe(true);
    const psFmt = "{{.ID}} {{.Image}} {{.Command}} {{.Names}} {{.State}} {{.Labels}}";
    expect(outcome(await r(["ps", "--format", psFmt]))).toEqual(outcome(await t.ok(["ps", "--format", psFmt])));
    // the default table (its STATUS column is "Up … ago", timing-dependent)
    const table = (await r(["ps"])).stdout.split("\n");
    expect(table[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(table[1]).toMatch(new RegExp(`^${id.slice(0, 12)} +${img.replace(/\./g, "\\.")} +sh -c echo starte\\.\\.\\. +.* ago +Up .* ago +bg$`));
    const inspFmt = "{{.Id}} {{.Name}} {{.State.Status}} {{.Config.Labels}}";
    expect(outcome(await r(["inspect", "--format", inspFmt, "bg"]))).toEqual(outcome(await t.ok(["inspect", "--format", inspFmt, "bg"])));
    expect(outcome(await r(["logs", "bg"]))).toEqual(outcome(await t.ok(["logs", "bg"])));
    expect(outcome(await r(["logs", "-t", "bg"]))).toEqual(outcome(await t.ok(["logs", "-t", "bg"])));
    expect(outcome(await r(["exec", "bg", "sh", "-c", "echo in; echo e >&2; exit 4"]))).toEqual(outcome(await t.tspod(["exec", "bg", "sh", "-c", "echo in; echo e >&2; exit 4"])));
    expect((await r(["exec", "-i", "bg", "cat"], "exec stdin\n")).stdout).toBe("exec stdin\n");
    expect(outcome(await r(["top", "bg", "pid", "args"]))).toEqual(outcome(await t.ok(["top", "bg", "pid", "args"])));
    expect(outcome(await r(["stop", "-t", "1", "bg"]))).toEqual({ code: 0, stdout: "bg\n", stderr: "" });
    expect(outcome(await r(["wait", "bg"]))).toEqual(outcome(await t.ok(["wait", "bg"])));
    expect(outcome(await r(["ps", "-a", "--format", "{{.Names}} {{.State}} {{.ExitCode}}"]))).toEqual(outcome(await t.ok(["ps", "-a", "--format", "{{.Names}} {{.State}} {{.ExitCode}}"])));
    expect((await r(["ps", "-a", "--format", "{{.Status}}"])).out).toMatch(/^Exited \(137\) (\d+ seconds?|Less than a second) ago$/);
    expect(outcome(await r(["kill", "bg"]))).toEqual(outcome(await t.tspod(["kill", "bg"])));
    expect(outcome(await r(["start", "bg"]))).toEqual({ code: 0, stdout: "bg\n", stderr: "" });
    expect((await r(["rename", "bg", "bg2"])).code).toBe(0);
    expect((await r(["rename", "bg2", "bg"])).code).toBe(0);
    expect(outcome(await r(["rm", "-f", "bg"]))).toEqual({ code: 0, stdout: "bg\n", stderr: "" });
  });

  test("a missing container: same message and exit code as locally", async () => {
    for (const args of [["inspect", "nope"], ["container", "inspect", "nope"], ["rm", "nope"], ["logs", "nope"], ["stop", "nope"], ["start", "nope"], ["exec", "nope", "true"], ["wait", "nope"], ["kill", "nope"]]) {
      const local = await t.tspod(args);
      expect(local.code).not.toBe(0);
      expect({ args, ...outcome(await r(args)) }).toEqual({ args, ...outcome(local) });
    }
  });

  test("create + start; pull-if-missing policy", async () => {
    const id = (await r(["create", "--name", "made", img, "true"])).out;
    expect(id).toMatch(HEX64);
    expect((await t.ok(["inspect", "--format", "{{.State.Status}}", "made"])).out).toBe("created");
    expect((await r(["start", "made"])).code).toBe(0);
    expect((await r(["wait", "made"])).out).toBe("0");
    expect((await r(["rm", "made"])).code).toBe(0);
    const ev = ["events", "--stream=false", "--filter", "container=made"];
    const local = await t.ok(ev);
    expect(local.stdout).toContain(" container remove ");
    expect(outcome(await r(ev))).toEqual(outcome(local));
    expect(outcome(await r([...ev, "--format", "json"]))).toEqual(outcome(await t.ok([...ev, "--format", "json"])));
  });

  test("pods: create, ps, rm", async () => {
    const id = (await r(["pod", "create", "--name", "rp"])).out;
    expect(id).toMatch(HEX64);
    const fmt = "{{.ID}} {{.Name}} {{.Status}} {{.NumberOfContainers}}";
    expect(outcome(await r(["pod", "ps", "--format", fmt]))).toEqual(outcome(await t.ok(["pod", "ps", "--format", fmt])));
    expect(outcome(await r(["pod", "start", "rp"]))).toEqual({ code: 0, stdout: `${id}\n`, stderr: "" });
    expect((await t.ok(["pod", "ps", "--format", "{{.Status}}"])).out).toBe("Running");
    expect(outcome(await r(["pod", "stop", "-t", "0", "rp"]))).toEqual({ code: 0, stdout: `${id}\n`, stderr: "" });
    expect(outcome(await r(["pod", "start", "nope"]))).toEqual(outcome(await t.tspod(["pod", "start", "nope"])));
    expect(outcome(await r(["pod", "rm", "rp"]))).toEqual({ code: 0, stdout: `${id}\n`, stderr: "" });
    expect(outcome(await r(["pod", "rm", "rp"]))).toEqual(outcome(await t.tspod(["pod", "rm", "rp"])));
  });

  test("volumes: create, ls, rm", async () => {
    expect((await r(["volume", "create", "--label", "a=b", "rv"])).out).toBe("rv");
    expect(outcome(await r(["volume", "ls"]))).toEqual(outcome(await t.ok(["volume", "ls"])));
    expect(outcome(await r(["volume", "ls", "--format", "json"]))).toEqual(outcome(await t.ok(["volume", "ls", "--format", "json"])));
    expect(outcome(await r(["volume", "rm", "rv"]))).toEqual({ code: 0, stdout: "rv\n", stderr: "" });
    expect(outcome(await r(["volume", "rm", "rv"]))).toEqual(outcome(await t.tspod(["volume", "rm", "rv"])));
  });

  test("networks: create, ls, rm", async () => {
    expect((await r(["network", "create", "rnet"])).out).toBe("rnet");
    expect(outcome(await r(["network", "ls"]))).toEqual(outcome(await t.ok(["network", "ls"])));
    expect(outcome(await r(["network", "rm", "rnet"]))).toEqual({ code: 0, stdout: "rnet\n", stderr: "" });
    expect(outcome(await r(["network", "rm", "rnet"]))).toEqual(outcome(await t.tspod(["network", "rm", "rnet"])));
  });

  test("CONTAINER_HOST selects remote mode; unsupported commands fail clearly; no service", async () => {
    const viaEnv = await t.tspod(["ps", "-a", "--format", "{{.Names}}"], { env: { CONTAINER_HOST: svc!.url } });
    expect(viaEnv.code).toBe(0);
    const unsupported = await r(["container", "mount"]);
    expect(unsupported.code).toBe(125);
    expect(unsupported.stderr).toMatch(/^Error: .* is not supported in remote mode\n$/);
    const service = await r(["system", "service", "--time", "1", `unix://${t.tmp}/proxy.sock`]);
    expect(service.code).toBe(125);
    expect(service.stderr).toBe("Error: system service is not available in remote mode: invalid argument\n");
    const gone = await t.tspod(["--url", `unix://${t.tmp}/none.sock`, "ps"]);
    expect(gone.code).toBe(125);
    expect(gone.stderr).toContain(`dial unix ${t.tmp}/none.sock: connect: no such file or directory`);
  });
});
