// Debian's docker CLI against `tspod system service`: build, networks (create, connect with an
// alias, disconnect, rm, prune), volumes (create, use, rm, prune), streamed events, system df.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup, waitFor } from "./harness.ts";
import { freeTestSubnet } from "./test-networks.ts";
import { DOCKER, docker as dockerIn, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
// registered before systemSetup's hooks: the service stops before the harness checks for leftovers
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apiobj" });
const docker = (args: string[], opts?: { stdin?: string; timeout?: number }) => dockerIn(t, svc!.sock, args, opts);

beforeAll(async () => {
  svc = await startService(t, "objects");
}, 60_000);

async function ok(args: string[], opts?: { stdin?: string; timeout?: number }) {
  const r = await docker(args, opts);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

describe("docker CLI: build, networks, volumes, events", () => {
  test("docker build: tags, build args, labels, -f in the context, .dockerignore, -q, failures", async () => {
    await ok(["pull", "busybox"]);
    const ctx = join(t.tmp, "build-ctx");
    mkdirSync(join(ctx, "sub"), { recursive: true });
    writeFileSync(join(ctx, "sub", "Containerfile.app"), 'FROM busybox\nARG WHO=nobody\nLABEL stage=one\nCOPY . /ctx/\nRUN echo "hello $WHO" > /greeting\nCMD ["sh", "-c", "cat /greeting; ls /ctx"]\n');
    writeFileSync(join(ctx, "kept.txt"), "kept\n");
    writeFileSync(join(ctx, "secret.key"), "do not send\n");
    writeFileSync(join(ctx, ".dockerignore"), "secret.key\n");
    const b = await ok(["build", "-t", "built:v1", "-t", "built:also", "-f", join(ctx, "sub/Containerfile.app"), "--build-arg", "WHO=docker-cli", "--label", "from=cli", ctx]);
    expect(b.stdout).toContain("Sending build context to Docker daemon");
    expect(b.stdout).toMatch(/Successfully built [0-9a-f]{12}\n/);
    expect(b.stdout).toContain("Successfully tagged built:v1\n");
    const run = await ok(["run", "--rm", "built:also"]);
    expect(run.stdout).toContain("hello docker-cli\n");
    expect(run.stdout).toContain("kept.txt");
    expect(run.stdout).not.toContain("secret.key");
    const labels = JSON.parse((await ok(["image", "inspect", "-f", "{{json .Config.Labels}}", "built:v1"])).stdout);
    expect(labels).toEqual({ stage: "one", from: "cli" });
    // -q prints only the id; a cached rebuild gives the same image
    const q = await ok(["build", "-q", "-f", join(ctx, "sub/Containerfile.app"), "--build-arg", "WHO=docker-cli", "--label", "from=cli", ctx]);
    expect(q.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    const id = (await ok(["image", "inspect", "-f", "{{.Id}}", "built:v1"])).stdout.trim();
    expect(q.stdout.trim()).toBe(id);
    // a failing RUN: the CLI exits non-zero with the step's error, and no image is tagged
    writeFileSync(join(ctx, "Dockerfile"), "FROM busybox\nRUN echo before-fail && exit 3\n");
    const bad = await docker(["build", "-t", "broken:v1", ctx]);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain("before-fail");
    expect(bad.stderr).toMatch(/exit status 3|returned a non-zero code: 3/);
    expect((await docker(["image", "inspect", "broken:v1"])).code).not.toBe(0);
    // the Dockerfile outside the context (the CLI appends it to the tar)
    writeFileSync(join(t.tmp, "Outside.Dockerfile"), 'FROM busybox\nCMD ["echo", "from-outside"]\n');
    await ok(["build", "-t", "outside:v1", "-f", join(t.tmp, "Outside.Dockerfile"), join(ctx, "sub")]);
    expect((await ok(["run", "--rm", "outside:v1"])).stdout).toBe("from-outside\n");
    await ok(["rmi", "built:v1", "built:also", "outside:v1"]);
  });

  test("docker network create/ls/inspect, run --network --network-alias, connect with an alias, disconnect, rm, prune", async () => {
    const { subnet, a, b } = freeTestSubnet();
    const prefix = `10.${a}.${b}`;
    const created = await ok(["network", "create", "--subnet", subnet, "--label", "team=net", "front"]);
    expect(created.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    await ok(["network", "create", "back"]);
    const ls = await ok(["network", "ls", "--format", "{{.Name}} {{.Driver}}"]);
    expect(ls.stdout.split("\n").filter(Boolean).sort()).toEqual(["back bridge", "bridge bridge", "front bridge"]);
    expect((await ok(["network", "ls", "-q", "--filter", "label=team=net"])).stdout.trim()).toBe(created.stdout.trim().slice(0, 12));
    const ins = await ok(["network", "inspect", "-f", "{{.Name}} {{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Labels \"team\"}}", "front"]);
    expect(ins.stdout.trim()).toBe(`front bridge ${subnet} ${prefix}.1 net`);

    await ok(["run", "-d", "--name", "srv", "--network", "front", "--network-alias", "api", "busybox", "sleep", "1000"]);
    await ok(["run", "-d", "--name", "srv2", "--network", "back", "busybox", "sleep", "1000"]);
    const ip = (await ok(["inspect", "-f", "{{.NetworkSettings.Networks.front.IPAddress}}", "srv"])).stdout.trim();
    expect(ip.startsWith(`${prefix}.`)).toBe(true);
    const eps = JSON.parse((await ok(["network", "inspect", "-f", "{{json .Containers}}", "front"])).stdout);
    expect(Object.values(eps as Record<string, { Name: string; IPv4Address: string }>)).toEqual([expect.objectContaining({ Name: "srv", IPv4Address: `${ip}/24` })]);

    // connect srv2 to front with an alias; containers on front resolve it
    await ok(["network", "connect", "--alias", "worker", "front", "srv2"]);
    const nets = JSON.parse((await ok(["inspect", "-f", "{{json .NetworkSettings.Networks}}", "srv2"])).stdout);
    expect(Object.keys(nets).sort()).toEqual(["back", "front"]);
    expect(nets.front.Aliases).toContain("worker");
    const lookup = await ok(["exec", "srv", "nslookup", "worker"]);
    expect(lookup.stdout).toContain(nets.front.IPAddress);

    await ok(["network", "disconnect", "front", "srv2"]);
    expect(Object.keys(JSON.parse((await ok(["inspect", "-f", "{{json .NetworkSettings.Networks}}", "srv2"])).stdout))).toEqual(["back"]);
    // in use: refused, nothing lost
    const inUse = await docker(["network", "rm", "front"]);
    expect(inUse.code).not.toBe(0);
    expect(inUse.stderr).toContain("front");
    await ok(["rm", "-f", "srv", "srv2"]);
    const pruned = await ok(["network", "prune", "-f"]);
    expect(pruned.stdout).toContain("Deleted Networks:");
    expect(pruned.stdout).toContain("front");
    expect(pruned.stdout).toContain("back");
    expect((await ok(["network", "ls", "--format", "{{.Name}}"])).stdout.trim()).toBe("bridge");
    const missing = await docker(["network", "inspect", "front"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such network: front");
    const removeDefault = await docker(["network", "rm", "bridge"]);
    expect(removeDefault.code).not.toBe(0);
  });

  test("docker volume create/ls/inspect, data shared between containers, rm in use refused, prune", async () => {
    expect((await ok(["volume", "create", "--label", "keep=yes", "data1"])).stdout.trim()).toBe("data1");
    // creating it again answers with the same volume (Docker's behaviour)
    expect((await ok(["volume", "create", "data1"])).stdout.trim()).toBe("data1");
    const anon = (await ok(["volume", "create"])).stdout.trim();
    expect(anon).toMatch(/^[0-9a-f]{64}$/);
    expect((await ok(["volume", "ls", "-q", "--filter", "label=keep=yes"])).stdout.trim()).toBe("data1");
    const ins = await ok(["volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}} {{index .Labels \"keep\"}}", "data1"]);
    expect(ins.stdout.trim()).toBe("data1 local local yes");
    await ok(["run", "--rm", "-v", "data1:/data", "busybox", "sh", "-c", "echo persisted > /data/f"]);
    await ok(["run", "-d", "--name", "holder", "--mount", "type=volume,source=data1,target=/d", "busybox", "sleep", "1000"]);
    expect((await ok(["exec", "holder", "cat", "/d/f"])).stdout).toBe("persisted\n");
    const df = await ok(["system", "df", "-v", "--format", "{{range .Volumes}}{{.Name}}={{.Links}} {{end}}"]);
    expect(df.stdout).toContain("data1=1");
    const inUse = await docker(["volume", "rm", "data1"]);
    expect(inUse.code).not.toBe(0);
    expect(inUse.stderr).toContain("data1");
    await ok(["rm", "-f", "holder"]);
    const pruned = await ok(["volume", "prune", "-f"]);
    expect(pruned.stdout).toContain(anon);
    // Docker 20.10's prune takes named volumes too (all unused ones)
    expect((await ok(["volume", "ls", "-q"])).stdout.trim()).toBe("");
    const missing = await docker(["volume", "inspect", "data1"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such volume");
  });

  test("docker events streams new events only, as they happen", async () => {
    await ok(["run", "--rm", "--name", "before-stream", "busybox", "true"]);
    expect(await waitFor(async () => (await ok(["ps", "-a", "-q"])).stdout.trim() === "")).toBe(true);
    const proc = Bun.spawn({ cmd: [DOCKER, "events", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}"], stdout: "pipe", stderr: "pipe", env: { DOCKER_HOST: `unix://${svc!.sock}`, HOME: t.tmp, DOCKER_CONFIG: join(t.tmp, "docker-config") } });
    let seen = "";
    const reader = (async () => {
      for await (const c of proc.stdout as ReadableStream<Uint8Array>) seen += new TextDecoder().decode(c);
    })();
    await Bun.sleep(500);
    await ok(["run", "--rm", "--name", "streamed", "busybox", "true"]);
    expect(await waitFor(() => seen.includes("container destroy streamed"), 15_000)).toBe(true);
    proc.kill();
    await proc.exited;
    await reader;
    expect(seen).toContain("container start streamed");
    expect(seen).not.toContain("before-stream");
  });
});
