// `tspod system service` over raw HTTP: the socket, idle exit, graceful shutdown, TCP, systemd
// socket activation, Podman's libpod routes, and hostile or malformed requests (never a crash).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { systemSetup, TSPOD, waitFor } from "./harness.ts";
import { api, apiRegistriesConf, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apisvc" });
let ctr = "";

beforeAll(async () => {
  svc = await startService(t, "svc");
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
  ctr = (await t.ok(["run", "-d", "--name", "target", t.img("busybox"), "sleep", "1000"])).out;
}, 120_000);

async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}): ${text}`);
  }
}

/** a one-entry ustar archive whose entry name is `name` (unchecked, for hostile uploads) */
function tarWith(name: string, body: string): Uint8Array {
  const data = new TextEncoder().encode(body);
  const h = new Uint8Array(512);
  const put = (off: number, s: string) => h.set(new TextEncoder().encode(s), off);
  put(0, name);
  put(100, "0000644\0");
  put(108, "0000000\0");
  put(116, "0000000\0");
  put(124, data.length.toString(8).padStart(11, "0") + "\0");
  put(136, "00000000000\0");
  put(156, "0");
  put(257, "ustar\0");
  put(263, "00");
  put(148, "        ");
  const sum = h.reduce((a, b) => a + b, 0);
  put(148, sum.toString(8).padStart(6, "0") + "\0 ");
  const out = new Uint8Array(512 + Math.ceil(data.length / 512) * 512 + 1024);
  out.set(h, 0);
  out.set(data, 512);
  return out;
}

describe("the service", () => {
  test("socket mode 0660; _ping, version headers, unversioned and versioned paths", async () => {
    expect(statSync(svc!.sock).mode & 0o777).toBe(0o660);
    for (const path of ["/_ping", "/v1.41/_ping", "/v1.24/_ping", "/v4.3.1/libpod/_ping"]) {
      const res = await api(svc!.sock, path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("OK");
      expect(res.headers.get("api-version")).toBe("1.41");
      expect(res.headers.get("libpod-api-version")).toBe("4.3.1");
      expect(res.headers.get("server")).toStartWith("Libpod/");
    }
    const head = await api(svc!.sock, "/_ping", { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  test("libpod routes answer Podman's shapes; errors carry cause/message/response", async () => {
    const list = await json(await api(svc!.sock, "/v4.3.1/libpod/containers/json?all=true"));
    expect(list.map((c: any) => c.Names)).toContainEqual(["target"]);
    const compat = await json(await api(svc!.sock, "/v1.41/containers/json"));
    expect(compat.map((c: any) => c.Names)).toContainEqual(["/target"]);
    const info = await json(await api(svc!.sock, "/v4.3.1/libpod/info"));
    expect(info.store.graphRoot).toBe(t.root);
    const missing = await api(svc!.sock, "/v4.3.1/libpod/containers/nope/json");
    expect(missing.status).toBe(404);
    const body = await json(missing);
    expect(body).toEqual({ cause: "no such container", message: expect.stringContaining("nope"), response: 404 });
  });

  test("bad input gets a 4xx with a clear message, and the service keeps serving", async () => {
    const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = { "Content-Type": "application/json" }) => api(svc!.sock, path, { method: "POST", body, headers });
    const malformed = await post("/v1.41/containers/create", "{\"Image\": ");
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toContain("decoding request body");
    const wrongType = await post("/v1.41/containers/create", JSON.stringify({ Image: "busybox", Cmd: 5 }));
    expect(wrongType.status).toBe(400);
    expect((await json(wrongType)).message).toBe("json: cannot unmarshal number into Go struct field container.Config.Cmd of type strslice.StrSlice");
    const wrongHost = await post("/v1.41/containers/create", JSON.stringify({ Image: "busybox", HostConfig: { Memory: "lots" } }));
    expect(wrongHost.status).toBe(400);
    expect((await json(wrongHost)).message).toContain("HostConfig.Memory of type int64");
    const notObject = await post("/v1.41/containers/create", "[1,2]");
    expect(notObject.status).toBe(400);
    const noImage = await post("/v1.41/containers/create", "{}");
    expect(noImage.status).toBe(400);
    const unknown = await api(svc!.sock, "/v1.41/no/such/endpoint");
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).message).toContain("page not found");
    const huge = await post("/v1.41/containers/create", JSON.stringify({ Image: "busybox", Labels: { big: "x".repeat(5 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect((await json(huge)).message).toContain("request body too large");
    const badQuery = await api(svc!.sock, `/v1.41/containers/json?filters=${encodeURIComponent("{not json")}`);
    expect(badQuery.status).toBe(400);
    const badBool = await api(svc!.sock, "/v1.41/containers/json?all=maybe");
    expect(badBool.status).toBe(400);
    const noSuch = await api(svc!.sock, "/v1.41/containers/nope/json");
    expect(noSuch.status).toBe(404);
    expect(await json(noSuch)).toEqual({ message: expect.stringContaining("nope") });
    const badFilter = await api(svc!.sock, `/v1.41/events?filters=${encodeURIComponent('{"bogus":["x"]}')}`);
    expect(badFilter.status).toBeGreaterThanOrEqual(400);
    expect(badFilter.status).toBeLessThan(500);
    expect((await json(badFilter)).message).toContain("bogus");
    const swarm = await api(svc!.sock, "/v1.41/services");
    expect(swarm.status).toBe(503);
    expect((await json(swarm)).message).toStartWith("This node is not a swarm manager.");
    expect((await api(svc!.sock, "/_ping")).status).toBe(200);
  });

  test("archive paths stay inside the container (GET, HEAD, PUT with a hostile tar)", async () => {
    const outside = join(t.tmp, `escaped-${Date.now()}`);
    const head = await api(svc!.sock, `/v1.41/containers/${ctr}/archive?path=${encodeURIComponent("/../../../../etc")}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    const stat = JSON.parse(Buffer.from(head.headers.get("x-docker-container-path-stat")!, "base64").toString());
    expect(stat.name).toBe("etc");
    // the container's /etc has passwd but not the host's os-release
    const hostFile = await api(svc!.sock, `/v1.41/containers/${ctr}/archive?path=${encodeURIComponent("/../../../etc/os-release")}`);
    expect(hostFile.status).toBe(404);
    const evil = await api(svc!.sock, `/v1.41/containers/${ctr}/archive?path=/tmp`, { method: "PUT", body: tarWith(`../../../../../..${outside}`, "owned\n"), headers: { "Content-Type": "application/x-tar" } });
    expect(evil.status).toBeGreaterThanOrEqual(400);
    expect(evil.status).toBeLessThan(500);
    expect((await json(evil)).message.length).toBeGreaterThan(0);
    expect(existsSync(outside)).toBe(false);
    const noPath = await api(svc!.sock, `/v1.41/containers/${ctr}/archive`);
    expect(noPath.status).toBe(400);
    const good = await api(svc!.sock, `/v1.41/containers/${ctr}/archive?path=/tmp`, { method: "PUT", body: tarWith("ok.txt", "fine\n") });
    expect(good.status).toBe(200);
    expect((await t.ok(["exec", "target", "cat", "/tmp/ok.txt"])).out).toBe("fine");
  });

  test("attach without an upgrade: logs=1 replays the output as multiplexed frames", async () => {
    await t.ok(["run", "--name", "printed", t.img("busybox"), "sh", "-c", "echo logged; echo warned >&2"]);
    const res = await api(svc!.sock, "/v1.41/containers/printed/attach?logs=1&stdout=1&stderr=1", { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.docker.multiplexed-stream");
    const body = new Uint8Array(await res.arrayBuffer());
    const frames: string[] = [];
    for (let off = 0; off < body.length; ) {
      const len = new DataView(body.buffer, off + 4, 4).getUint32(0);
      frames.push(`${body[off]}:${new TextDecoder().decode(body.subarray(off + 8, off + 8 + len))}`);
      off += 8 + len;
    }
    expect(frames.sort()).toEqual(["1:logged\n", "2:warned\n"]);
    await t.ok(["rm", "printed"]);
  });

  test("an attach waiting on a created container follows it when another tspod process starts it", async () => {
    const id = (await t.ok(["create", "--name", "startedelsewhere", t.img("busybox"), "sh", "-c", "sleep 0.5; echo from-elsewhere"])).out;
    const res = await api(svc!.sock, `/v1.41/containers/${id}/attach?stream=1&stdout=1`, { method: "POST" });
    expect(res.status).toBe(200);
    const body = res.arrayBuffer();
    await t.ok(["start", "startedelsewhere"]);
    const bytes = new Uint8Array(await body);
    expect(new TextDecoder().decode(bytes.subarray(8))).toBe("from-elsewhere\n");
    await t.ok(["rm", "-f", "startedelsewhere"]);
  });

  test("a client that disconnects mid-stream leaves the service healthy", async () => {
    const ac = new AbortController();
    const res = await api(svc!.sock, "/v1.41/events", { signal: ac.signal });
    expect(res.status).toBe(200);
    ac.abort();
    const logs = new AbortController();
    const follow = await api(svc!.sock, `/v1.41/containers/${ctr}/logs?follow=1&stdout=1`, { signal: logs.signal });
    expect(follow.status).toBe(200);
    logs.abort();
    await Bun.sleep(200);
    expect((await api(svc!.sock, "/_ping")).status).toBe(200);
  });
});

test("no file descriptors leak across requests, streams and aborted clients", async () => {
  const fds = () => readdirSync(`/proc/${svc!.proc.pid}/fd`).length;
  const round = async () => {
    await (await api(svc!.sock, "/v1.41/containers/json?all=1")).text();
    await (await api(svc!.sock, `/v1.41/containers/${ctr}/json`)).text();
    await (await api(svc!.sock, `/v1.41/containers/${ctr}/logs?stdout=1&stderr=1`)).arrayBuffer();
    await (await api(svc!.sock, "/v1.41/no/such")).text();
    const ac = new AbortController();
    const res = await api(svc!.sock, `/v1.41/containers/${ctr}/logs?follow=1&stdout=1`, { signal: ac.signal });
    expect(res.status).toBe(200);
    ac.abort();
    const ex = await json(await api(svc!.sock, `/v1.41/containers/${ctr}/exec`, { method: "POST", body: JSON.stringify({ Cmd: ["true"] }) }));
    await (await api(svc!.sock, `/v1.41/exec/${ex.Id}/start`, { method: "POST", body: JSON.stringify({ Detach: false }) })).arrayBuffer();
  };
  for (let i = 0; i < 3; i++) await round();
  await Bun.sleep(300);
  const before = fds();
  for (let i = 0; i < 20; i++) await round();
  await Bun.sleep(500);
  expect(fds()).toBeLessThanOrEqual(before + 2);
  // 23 rounds with an exec each: slow on a loaded machine
}, 120_000);

describe("service lifecycle", () => {
  test("exits after --time seconds without requests, removing its socket", async () => {
    const s = await startService(t, "idle", ["-t", "1"]);
    expect((await api(s.sock, "/_ping")).status).toBe(200);
    const code = await Promise.race([s.proc.exited, Bun.sleep(10_000).then(() => "still running")]);
    expect(code).toBe(0);
    expect(existsSync(s.sock)).toBe(false);
  });

  test("SIGTERM lets a request in flight finish, then exits 0", async () => {
    const s = await startService(t, "graceful");
    const id = (await t.ok(["run", "-d", t.img("busybox"), "sleep", "1"])).out;
    const pending = api(s.sock, `/v1.41/containers/${id}/wait`, { method: "POST" }).then(json);
    await Bun.sleep(200);
    s.proc.kill("SIGTERM");
    expect((await pending).StatusCode).toBe(0);
    expect(await s.proc.exited).toBe(0);
    expect(existsSync(s.sock)).toBe(false);
  });

  test("tcp://HOST:PORT", async () => {
    const s = await startService(t, "tcp", ["-t", "0"], "tcp://127.0.0.1:0");
    const port = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(s.stderr())?.[1];
    expect(port).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/v1.41/version`);
    expect((await json(res)).ApiVersion).toBe("1.41");
    expect(await s.stop()).toBe(0);
  });

  test("systemd socket activation: serves the socket passed as fd 3", async () => {
    const sock = join(t.tmp, "activated.sock");
    const script = [
      "import os, socket, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(16)",
      "os.dup2(s.fileno(), 3); os.set_inheritable(3, True)",
      "os.environ['LISTEN_FDS'] = '1'; os.environ['LISTEN_PID'] = str(os.getpid())",
      "os.execv(sys.argv[2], sys.argv[2:])",
    ].join("\n");
    const proc = Bun.spawn({
      cmd: ["python3", "-c", script, sock, TSPOD, "--root", t.root, "--runroot", t.runroot, "system", "service", "-t", "0"],
      stdout: "ignore",
      stderr: "pipe",
      env: { ...process.env, CONTAINERS_REGISTRIES_CONF: apiRegistriesConf(t) },
    });
    try {
      const ok = await waitFor(async () => (await api(sock, "/_ping", { signal: AbortSignal.timeout(1000) }).catch(() => undefined))?.status === 200, 10_000);
      expect(ok).toBe(true);
      const list = await json(await api(sock, "/v1.41/containers/json"));
      expect(list.some((c: any) => c.Id === ctr)).toBe(true);
      // a hijacked stream through the relay: stdin in, output out, after the client's half-close
      const cli = Bun.spawn({ cmd: ["/usr/bin/docker", "run", "-i", "--rm", t.img("busybox"), "cat"], stdin: new TextEncoder().encode("relayed\n"), stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", HOME: t.tmp, DOCKER_HOST: `unix://${sock}` } });
      expect(await new Response(cli.stdout).text()).toBe("relayed\n");
      expect(await cli.exited).toBe(0);
    } finally {
      proc.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
    }
  });
});
