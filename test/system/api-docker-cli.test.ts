// Debian's docker CLI (20.10) against `tspod system service` on this file's store: the scenarios a
// Docker user runs, end to end through the compat API (pull, run, logs, exec, cp, ps, inspect, events).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HEX64, systemSetup, waitFor } from "./harness.ts";
import { DOCKER, docker as dockerIn, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
// registered before systemSetup's hooks: the service stops before the harness checks for leftovers
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apicli" });
const docker = (args: string[], opts?: { stdin?: string; timeout?: number }) => dockerIn(t, svc!.sock, args, opts);
const PTY_RUN = join(import.meta.dir, "pty-run.py");

beforeAll(async () => {
  svc = await startService(t, "cli");
}, 60_000);

async function ok(args: string[], opts?: { stdin?: string }) {
  const r = await docker(args, opts);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

describe("docker CLI against tspod system service", () => {
  test("the client is Debian's docker CLI", () => {
    expect(existsSync(DOCKER)).toBe(true);
  });

  test("docker version and docker info", async () => {
    const v = await ok(["version", "--format", "{{.Server.APIVersion}} {{.Server.Os}}"]);
    expect(v.stdout.trim()).toBe("1.41 linux");
    const full = await ok(["version"]);
    expect(full.stdout).toContain("Podman Engine");
    const info = await ok(["info", "--format", "{{.OSType}} {{.Driver}} {{.Swarm.LocalNodeState}} {{.DockerRootDir}}"]);
    expect(info.stdout.trim()).toBe(`linux overlay inactive ${t.root}`);
  });

  test("docker pull from the fixture registry, then docker images", async () => {
    const r = await ok(["pull", "busybox"]);
    expect(r.stdout).toContain("Status: Downloaded newer image for busybox:latest");
    const images = await ok(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
    expect(images.stdout).toMatch(new RegExp(`^${t.host.replace(/\./g, "\\.")}/busybox:latest [0-9a-f]{12}$`, "m"));
    const missing = await docker(["pull", "no-such-image-here"]);
    expect(missing.code).not.toBe(0);
  });

  test("docker run --rm echoes, passes the exit code, and leaves nothing behind", async () => {
    const r = await ok(["run", "--rm", "busybox", "echo", "hi"]);
    expect(r.stdout).toBe("hi\n");
    const code = await docker(["run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(code.code).toBe(3);
    expect(code.stdout).toBe("out\n");
    expect(code.stderr).toBe("err\n");
    expect((await ok(["ps", "-a", "-q"])).stdout.trim()).toBe("");
  });

  test("stdin reaches the container and exec with docker run -i / exec -i", async () => {
    expect((await ok(["run", "-i", "--rm", "busybox", "cat"], { stdin: "piped-in\n" })).stdout).toBe("piped-in\n");
  });

  test("docker run -v HOST:CTR and --mount type=bind,readonly", async () => {
    const dir = join(t.tmp, "bind-src");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "f"), "from host\n");
    expect((await ok(["run", "--rm", "-v", `${dir}:/data`, "busybox", "sh", "-c", "cat /data/f; echo back > /data/g"])).stdout).toBe("from host\n");
    expect(readFileSync(join(dir, "g"), "utf8")).toBe("back\n");
    const ro = await docker(["run", "--rm", "--mount", `type=bind,source=${dir},target=/m,readonly`, "busybox", "touch", "/m/x"]);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toContain("Read-only file system");
  });

  test("docker run -p publishes a port on the default network; ps and inspect show it", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    await ok(["run", "-d", "--name", "served", "-p", `127.0.0.1:${port}:8080`, "busybox", "sh", "-c", "echo hello-port | nc -l -p 8080"]);
    const ps = await ok(["ps", "--filter", "name=served", "--format", "{{.Ports}}"]);
    expect(ps.stdout.trim()).toBe(`127.0.0.1:${port}->8080/tcp`);
    const ip = (await ok(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "served"])).stdout.trim();
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    let got = "";
    expect(
      await waitFor(async () => {
        got = await new Promise<string>((resolve) => {
          let text = "";
          Bun.connect({ hostname: "127.0.0.1", port, socket: { data: (_s, d) => void (text += new TextDecoder().decode(d)), close: () => resolve(text), error: () => resolve(text), connectError: () => resolve("") } }).catch(() => resolve(""));
        });
        return got.includes("hello-port");
      }, 15_000, 300),
    ).toBe(true);
    await ok(["rm", "-f", "served"]);
  });

  test("run -d, logs (demultiplexed, -f, --tail), exec, stop, rm", async () => {
    const id = (await ok(["run", "-d", "--name", "web", "busybox", "sh", "-c", "echo ready; echo oops >&2; exec sleep 1000"])).stdout.trim();
    expect(id).toMatch(HEX64);
    expect(await waitFor(async () => (await docker(["logs", "web"])).stdout.includes("ready"))).toBe(true);
    const logs = await ok(["logs", "web"]);
    expect(logs.stdout).toBe("ready\n");
    expect(logs.stderr).toBe("oops\n");
    const stamped = await ok(["logs", "-t", "--tail", "1", "web"]);
    expect(stamped.stdout + stamped.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (ready|oops)\n$/);

    const follow = Bun.spawn({ cmd: [DOCKER, "logs", "-f", "web"], stdout: "pipe", stderr: "pipe", env: { DOCKER_HOST: `unix://${svc!.sock}`, HOME: t.tmp, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    const exec = await docker(["exec", "web", "sh", "-c", "echo $((1+2)); echo late > /proc/1/fd/1; exit 4"]);
    expect(exec.code).toBe(4);
    expect(exec.stdout).toBe("3\n");
    let followed = "";
    const reader = (async () => {
      for await (const c of follow.stdout as ReadableStream<Uint8Array>) followed += new TextDecoder().decode(c);
    })();
    expect(await waitFor(() => followed.includes("late\n"), 10_000)).toBe(true);
    expect(followed.startsWith("ready\n")).toBe(true);

    const stop = await ok(["stop", "-t", "1", "web"]);
    expect(stop.stdout.trim()).toBe("web");
    // logs -f ends when the container stops
    expect(await Promise.race([follow.exited, Bun.sleep(10_000).then(() => "still running")])).toBe(0);
    await reader;
    const ps = await ok(["ps", "-a", "--filter", "name=web", "--format", "{{.Names}} {{.State}} {{.Status}}"]);
    expect(ps.stdout).toMatch(/^web exited Exited \(137\)/);
    expect((await ok(["rm", "web"])).stdout.trim()).toBe("web");
    const gone = await docker(["inspect", "web"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("No such object: web");
  });

  test("docker run -it on a terminal: a TTY of the client's size, exit code passed", async () => {
    const spec = { argv: [DOCKER, "run", "-it", "--rm", "busybox", "sh"], rows: 33, cols: 111, steps: [{ expect: "# " }, { send: "tty; stty size\n" }, { expect: "33 111" }, { send: "exit 5\n" }] };
    const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe", env: { ...process.env, DOCKER_HOST: `unix://${svc!.sock}`, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    const r = JSON.parse(out.trim().split("\n").pop()!);
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain("/dev/pts/0\r\n");
    expect(r.exit).toBe(5);
  });

  test("docker exec -it gets a terminal", async () => {
    await ok(["run", "-d", "--name", "shell", "busybox", "sleep", "1000"]);
    const spec = { argv: [DOCKER, "exec", "-it", "shell", "sh"], steps: [{ expect: "# " }, { send: "tty; echo $((6*7))\n" }, { expect: "42" }, { send: "exit 6\n" }] };
    const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe", env: { ...process.env, DOCKER_HOST: `unix://${svc!.sock}`, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    const r = JSON.parse((await new Response(proc.stdout).text()).trim().split("\n").pop()!);
    expect(r.timedOut).toBe(false);
    expect(r.output).toMatch(/\/dev\/pts\/\d+\r\n/);
    expect(r.exit).toBe(6);
    await ok(["rm", "-f", "shell"]);
  });

  test("docker cp both ways; paths cannot leave the container", async () => {
    await ok(["run", "-d", "--name", "files", "busybox", "sh", "-c", "ln -s / /tmp/up; exec sleep 1000"]);
    const dir = join(t.tmp, "cp-src");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "f.txt"), "in a dir\n");
    writeFileSync(join(t.tmp, "one.txt"), "one file\n");
    await ok(["cp", join(t.tmp, "one.txt"), "files:/tmp/"]);
    await ok(["cp", dir, "files:/tmp/"]);
    expect((await ok(["exec", "files", "cat", "/tmp/one.txt", "/tmp/cp-src/sub/f.txt"])).stdout).toBe("one file\nin a dir\n");
    const back = join(t.tmp, "cp-back");
    await ok(["cp", "files:/tmp/cp-src", back]);
    expect(readFileSync(join(back, "sub", "f.txt"), "utf8")).toBe("in a dir\n");
    await ok(["cp", "files:/etc/passwd", join(t.tmp, "passwd")]);
    expect(readFileSync(join(t.tmp, "passwd"), "utf8")).toStartWith("root:x:0:0:");
    // `..` and a symlink to / both stay inside the container's root
    const esc = await docker(["cp", "files:/../../../../../etc/os-release", join(t.tmp, "escaped")]);
    expect(esc.code).not.toBe(0);
    expect(existsSync(join(t.tmp, "escaped"))).toBe(false);
    await ok(["cp", join(t.tmp, "one.txt"), "files:/tmp/up/tmp/via-link.txt"]);
    expect((await ok(["exec", "files", "cat", "/tmp/via-link.txt"])).stdout).toBe("one file\n");
    await ok(["rm", "-f", "files"]);
  });

  test("docker ps --format, filters, and docker inspect of containers and images", async () => {
    await ok(["run", "-d", "--name", "listed", "--label", "team=api", "busybox", "sleep", "1000"]);
    await ok(["create", "--name", "idle", "busybox", "true"]);
    const running = await ok(["ps", "--format", "{{.Names}}|{{.Image}}|{{.Command}}|{{.Label \"team\"}}"]);
    expect(running.stdout.trim()).toBe(`listed|${t.host}/busybox:latest|"sleep 1000"|api`);
    const all = await ok(["ps", "-a", "--format", "{{.Names}} {{.State}}"]);
    expect(all.stdout.trim().split("\n").sort()).toEqual(["idle created", "listed running"]);
    expect((await ok(["ps", "-a", "-q", "--filter", "label=team=api"])).stdout.trim()).toHaveLength(12);
    const ins = await ok(["inspect", "-f", "{{.Name}} {{.State.Status}} {{.State.Running}} {{index .Config.Labels \"team\"}} {{.HostConfig.NetworkMode}}", "listed"]);
    expect(ins.stdout.trim()).toBe("/listed running true api default");
    const json = JSON.parse((await ok(["inspect", "idle"])).stdout);
    expect(json[0].Config.Cmd).toEqual(["true"]);
    expect(json[0].Image).toMatch(/^sha256:[0-9a-f]{64}$/);
    const img = await ok(["image", "inspect", "-f", "{{.Os}} {{.Architecture}} {{index .RepoTags 0}}", "busybox"]);
    expect(img.stdout.trim()).toBe(`linux amd64 ${t.host}/busybox:latest`);
    await ok(["rm", "-f", "listed", "idle"]);
  });

  test("top, diff, stats, pause, rename, update, restart, kill, wait, commit, export, tag, rmi, history, save/load, prune, df, import", async () => {
    await ok(["run", "-d", "--name", "many", "busybox", "sh", "-c", "echo a > /newfile; exec sleep 1000"]);
    expect(await waitFor(async () => (await docker(["diff", "many"])).stdout.includes("A /newfile"))).toBe(true);
    // the shell execs sleep right after writing the file
    expect(await waitFor(async () => (await docker(["top", "many"])).stdout.includes("sleep 1000"))).toBe(true);
    expect((await ok(["stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "many"])).stdout.trim()).toBe("many 1");
    await ok(["pause", "many"]);
    expect((await ok(["inspect", "-f", "{{.State.Status}}", "many"])).stdout.trim()).toBe("paused");
    await ok(["unpause", "many"]);
    await ok(["rename", "many", "renamed"]);
    await ok(["update", "--memory", "64m", "--memory-swap", "128m", "renamed"]);
    // the new limit lands in the container's cgroup (v1 memory controller on this host)
    const id = (await ok(["inspect", "-f", "{{.Id}}", "renamed"])).stdout.trim();
    const limit = `/sys/fs/cgroup/memory/tspod_parent/tspod-${id}/memory.limit_in_bytes`;
    if (existsSync(limit)) expect(readFileSync(limit, "utf8").trim()).toBe(String(64 * 1024 * 1024));
    await ok(["restart", "-t", "0", "renamed"]);
    expect((await ok(["inspect", "-f", "{{.State.Running}}", "renamed"])).stdout.trim()).toBe("true");
    await ok(["kill", "renamed"]);
    expect((await ok(["wait", "renamed"])).stdout.trim()).toBe("137");
    const committed = (await ok(["commit", "renamed", "committed:v1"])).stdout.trim();
    expect(committed).toMatch(/^sha256:[0-9a-f]{64}$/);
    const exported = Bun.spawnSync({ cmd: ["sh", "-c", `${DOCKER} export renamed | tar t`], env: { DOCKER_HOST: `unix://${svc!.sock}`, HOME: t.tmp, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    expect(exported.stdout.toString().split("\n")).toContain("newfile");
    await ok(["tag", "committed:v1", "other:v2"]);
    expect((await ok(["rmi", "other:v2"])).stdout).toContain("Untagged:");
    expect((await ok(["history", "--format", "{{.CreatedBy}}", "busybox"])).stdout).toContain("busybox");
    const tar = join(t.tmp, "saved.tar");
    await ok(["save", "-o", tar, "committed:v1"]);
    await ok(["rmi", "committed:v1"]);
    expect((await ok(["load", "-i", tar])).stdout).toContain("Loaded image: localhost/committed:v1");
    expect((await ok(["container", "prune", "-f"])).stdout).toContain("Deleted Containers:");
    expect((await ok(["system", "df", "--format", "{{.Type}} {{.TotalCount}}"])).stdout).toContain("Containers 0");
    await ok(["rmi", "committed:v1"]);
    // docker import: the exported tarball becomes an image
    Bun.spawnSync({ cmd: ["sh", "-c", `${DOCKER} run --name forexport busybox true && ${DOCKER} export forexport > ${join(t.tmp, "rootfs.tar")} && ${DOCKER} rm forexport`], env: { DOCKER_HOST: `unix://${svc!.sock}`, HOME: t.tmp, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    const imported = await ok(["import", "--change", "CMD [\"echo\", \"from-import\"]", join(t.tmp, "rootfs.tar"), "imported:v1"]);
    expect(imported.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await ok(["run", "--rm", "imported:v1"])).stdout).toBe("from-import\n");
    await ok(["rmi", "imported:v1"]);
  });

  test("docker events --since/--until shows a container's life", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    await ok(["run", "--rm", "--name", "evented", "busybox", "true"]);
    await Bun.sleep(1100);
    const until = Math.ceil(Date.now() / 1000);
    const ev = await ok(["events", "--since", String(since), "--until", String(until), "--filter", "container=evented", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"]);
    const lines = ev.stdout.trim().split("\n");
    for (const action of ["create", "start", "died", "destroy"]) expect(lines).toContain(`container ${action} evented`);
  });
});
