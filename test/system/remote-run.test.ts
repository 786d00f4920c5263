// `tspod --remote` for what a compose-style app needs beyond the basics: run/create with volumes
// and bind mounts, published ports, user networks with aliases, pods, health checks, devices, env
// files; cp both ways; network connect; build. What the container sees, and the output and exit
// codes, must be what local mode gives.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseJson, systemSetup, waitFor } from "./harness.ts";
import { outcome, remote, startRemoteService, type RemoteService } from "./remote-harness.ts";
import { freeBridgeName, freeTestSubnet } from "./test-networks.ts";

let svc: RemoteService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "remoterun" });
let img = "";

beforeAll(async () => {
  svc = await startRemoteService(t, "remoterun");
  img = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", img]);
}, 60_000);

const r = (args: string[]) => remote(t, svc!, args);
const rok = async (args: string[]) => {
  const res = await r(args);
  if (res.code !== 0) throw new Error(`remote ${args.join(" ")} exited ${res.code}: ${res.stderr}`);
  return res;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe("tspod --remote run with storage, network and other options", () => {
  test("a named volume, a bind mount and a published port", async () => {
    const dir = join(t.tmp, "site");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.html"), "from the host\n");
    const port = await freePort();
    const id = (await rok(["run", "-d", "--name", "web", "-v", "rdata:/data", "-v", `${dir}:/w:ro`, "-p", `127.0.0.1:${port}:80`, img, "sh", "-c", "echo kept > /data/f; exec httpd -f -p 80 -h /w"])).out;
    const get = () => fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1500) }).then((res) => res.text(), () => "");
    expect(await waitFor(get, 10_000, 100)).toBe("from the host\n");
    expect((await t.ok(["volume", "ls", "--format", "{{.Name}}"])).out.split("\n")).toContain("rdata");
    expect((await rok(["exec", "web", "cat", "/data/f"])).out).toBe("kept");
    // read-only bind, as locally
    expect((await r(["exec", "web", "touch", "/w/x"])).code).not.toBe(0);
    expect((await rok(["port", "web"])).out).toBe((await t.ok(["port", "web"])).out);
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    expect(info.Mounts.map((m: { Destination: string }) => m.Destination).sort()).toEqual(["/data", "/w"]);
    await rok(["rm", "-f", "-t", "0", "web"]);
    // the volume outlives the container and keeps its data
    expect((await rok(["run", "--rm", "-v", "rdata:/data", img, "cat", "/data/f"])).out).toBe("kept");
    await rok(["volume", "rm", "rdata"]);
  });

  test("a user network with an alias, --mount and --tmpfs, env and label files", async () => {
    const { subnet } = freeTestSubnet();
    await t.ok(["network", "create", "--subnet", subnet, "--interface-name", freeBridgeName(), "rnet"]);
    await rok(["run", "-d", "--name", "srv", "--network", "rnet:alias=backend", img, "sh", "-c", "while true; do echo pong | nc -l -p 7000; done"]);
    const got = await rok(["run", "--rm", "--network", "rnet", img, "sh", "-c", "nc -w 3 backend 7000"]);
    expect(got.out).toBe("pong");
    const envFile = join(t.tmp, "app.env");
    writeFileSync(envFile, "FROM_FILE=yes\n# comment\n");
    const labelFile = join(t.tmp, "app.labels");
    writeFileSync(labelFile, "team=infra\n");
    const out = await rok(["run", "--rm", "--name", "opts", "--env-file", envFile, "--label-file", labelFile, "--mount", "type=tmpfs,destination=/scratch,tmpfs-size=1m", "--tmpfs", "/t2", img, "sh", "-c", "echo $FROM_FILE; grep -E ' /scratch | /t2 ' /proc/mounts | cut -d' ' -f2,3 | sort"]);
    expect(out.out).toBe("yes\n/scratch tmpfs\n/t2 tmpfs");
    await rok(["rm", "-f", "-t", "0", "srv"]);
    await t.ok(["network", "rm", "rnet"]);
  });

  test("--pod, --health-cmd, --device, --sysctl and --memory reach the container", async () => {
    await rok(["pod", "create", "--name", "rpod"]);
    const id = (await rok(["run", "-d", "--pod", "rpod", "--name", "member", "--health-cmd", "test -e /tmp/ok", "--health-interval", "disable", "--device", "/dev/null:/dev/mynull", "--sysctl", "net.ipv4.ip_forward=1", "-m", "64m", img, "sh", "-c", "touch /tmp/ok; exec sleep 100"])).out;
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    expect(info.Pod).toBe((await t.ok(["pod", "inspect", "--format", "{{.Id}}", "rpod"])).out);
    expect(info.Config.Healthcheck.Test).toEqual(["CMD-SHELL", "test -e /tmp/ok"]);
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(await waitFor(async () => (await t.tspod(["healthcheck", "run", "member"])).code === 0, 10_000, 200)).toBe(true);
    expect((await t.ok(["inspect", "--format", "{{.State.Health.Status}}", id])).out).toBe("healthy");
    expect((await rok(["exec", "member", "sh", "-c", "test -c /dev/mynull && cat /proc/sys/net/ipv4/ip_forward"])).out).toBe("1");
    await rok(["pod", "rm", "-f", "-t", "0", "rpod"]);
  });

  test("cp both ways: files, directories, /., tar streams, a volume; errors as locally", async () => {
    await rok(["run", "-d", "--name", "cpr", "-v", "cpvol:/data", img, "sh", "-c", "mkdir -p /w; exec sleep 100"]);
    const src = join(t.tmp, "cpsrc");
    mkdirSync(join(src, "sub"), { recursive: true });
    writeFileSync(join(src, "sub/a.txt"), "A\n");
    await rok(["cp", join(src, "sub/a.txt"), "cpr:/data/"]);
    await rok(["cp", src, "cpr:/w/copied"]);
    await rok(["cp", `${src}/.`, "cpr:/w"]);
    expect((await rok(["exec", "cpr", "cat", "/data/a.txt", "/w/copied/sub/a.txt", "/w/sub/a.txt"])).stdout).toBe("A\nA\nA\n");
    const out = join(t.tmp, "cpout");
    mkdirSync(out);
    await rok(["cp", "cpr:/w/copied", out]);
    await rok(["cp", "cpr:/w/sub/a.txt", join(out, "renamed.txt")]);
    await rok(["exec", "cpr", "ln", "-s", "a.txt", "/w/sub/link"]);
    await rok(["cp", "cpr:/w/sub/.", join(out, "contents")]);
    expect(readFileSync(join(out, "copied/sub/a.txt"), "utf8")).toBe("A\n");
    expect(readFileSync(join(out, "renamed.txt"), "utf8")).toBe("A\n");
    expect(readlinkSync(join(out, "contents/link"))).toBe("a.txt");
    // a tar on stdout, the same bytes' listing as locally
    const tarRemote = await r(["cp", "cpr:/w/sub/a.txt", "-"]);
    expect(tarRemote.code).toBe(0);
    expect(tarRemote.stdout).toContain("a.txt");
    for (const args of [["cp", "cpr:/nope", out], ["cp", join(t.tmp, "nope"), "cpr:/w"], ["cp", "cpr:/w/sub/a.txt", join(t.tmp, "no/dir/x")]]) {
      const local = await t.tspod(args);
      expect(local.code).toBe(125);
      expect({ args, ...outcome(await r(args)) }).toEqual({ args, ...outcome(local) });
    }
    await rok(["rm", "-f", "-t", "0", "cpr"]);
    await rok(["volume", "rm", "cpvol"]);
  });

  test("network connect with an alias, disconnect and prune on a running container", async () => {
    const { subnet } = freeTestSubnet();
    await t.ok(["network", "create", "--subnet", subnet, "--interface-name", freeBridgeName(), "rconn"]);
    await rok(["run", "-d", "--name", "joiner", img, "sh", "-c", "while true; do echo joined | nc -l -p 7001; done"]);
    await rok(["network", "connect", "--alias", "late", "rconn", "joiner"]);
    expect((await rok(["run", "--rm", "--network", "rconn", img, "nc", "-w", "3", "late", "7001"])).out).toBe("joined");
    const twice = await r(["network", "connect", "rconn", "joiner"]);
    expect(outcome(twice)).toEqual(outcome(await t.tspod(["network", "connect", "rconn", "joiner"])));
    await rok(["network", "disconnect", "rconn", "joiner"]);
    expect((await t.ok(["inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "joiner"])).out).not.toContain("rconn");
    await rok(["rm", "-f", "-t", "0", "joiner"]);
    expect((await rok(["network", "prune", "-f"])).out.split("\n")).toContain("rconn");
  });

  test("build of a context directory: output as locally, the image runs; a failed RUN exits with its status", async () => {
    const ctxDir = join(t.tmp, "bctx");
    mkdirSync(ctxDir, { recursive: true });
    writeFileSync(join(ctxDir, "hello.txt"), "hi\n");
    writeFileSync(join(ctxDir, "Containerfile"), `FROM ${img}\nARG X=1\nCOPY hello.txt /hello.txt\nRUN echo "x=$X" > /x.txt\nCMD ["cat", "/hello.txt", "/x.txt"]\n`);
    const built = await rok(["build", "-t", "rbuilt", "--build-arg", "X=7", ctxDir]);
    expect(built.stdout).toMatch(/^STEP 1\/5: FROM /);
    expect(built.stdout).toContain("COMMIT rbuilt\n");
    const id = built.stdout.trim().split("\n").pop()!;
    expect((await t.ok(["image", "inspect", "--format", "{{.Id}}", "rbuilt"])).out).toBe(id);
    expect((await rok(["run", "--rm", "rbuilt"])).out).toBe("hi\nx=7");
    // a Containerfile outside the context travels with it
    const outside = join(t.tmp, "Fail.containerfile");
    writeFileSync(outside, `FROM ${img}\nRUN exit 3\n`);
    const failed = await r(["build", "-f", outside, ctxDir]);
    const local = await t.tspod(["build", "-f", outside, ctxDir]);
    expect({ code: failed.code, stderr: failed.stderr }).toEqual({ code: 3, stderr: local.stderr });
    await rok(["rmi", "rbuilt"]);
  });

  test("bad values fail before anything is created, as locally", async () => {
    for (const args of [["-p", "70000:80"], ["--network", "rnone:bogus=1"], ["-v", "a:b:c:d"]]) {
      const res = await r(["run", "--rm", ...args, img, "true"]);
      expect({ args, code: res.code }).toEqual({ args, code: 125 });
    }
    expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  });
});
