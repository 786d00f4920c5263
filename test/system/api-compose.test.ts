// Debian's docker-compose (1.29, on docker-py) against `tspod system service`: a two-service app
// (one service built by compose) with a user network, a named volume and a published port; then
// ps, logs and down (-v).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup, waitFor } from "./harness.ts";
import { api, startService, type ApiService } from "./api-harness.ts";

const COMPOSE = "/usr/bin/docker-compose";

let svc: ApiService | undefined;
// registered before systemSetup's hooks: the service stops before the harness checks for leftovers
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apicompose" });
const port = 20000 + Math.floor(Math.random() * 20000);
const appDir = () => join(t.tmp, "app");

beforeAll(async () => {
  svc = await startService(t, "compose");
  mkdirSync(join(appDir(), "client"), { recursive: true });
  const image = t.img("busybox");
  // the client service is built by compose (POST /build)
  writeFileSync(join(appDir(), "client", "Dockerfile"), `FROM ${image}\nARG GREETING=none\nRUN echo "$GREETING" > /greeting\n`);
  writeFileSync(
    join(appDir(), "docker-compose.yml"),
    `version: "3.7"
services:
  web:
    image: ${image}
    command: ["sh", "-c", "echo served-by-compose > /www/index.html && exec httpd -f -v -p 80 -h /www"]
    volumes: ["www:/www"]
    ports: ["127.0.0.1:${port}:80"]
    networks: [appnet]
  client:
    build:
      context: ./client
      args: {GREETING: built-by-compose}
    command: ["sh", "-c", "cat /greeting; for i in 1 2 3 4 5 6 7 8 9 10; do printf 'GET / HTTP/1.0\\\\r\\\\n\\\\r\\\\n' | nc -w 3 web 80 | grep served && break; sleep 1; done; exec sleep 1000"]
    depends_on: [web]
    networks: [appnet]
volumes:
  www: {}
networks:
  appnet: {}
`,
  );
}, 60_000);

async function compose(args: string[], timeout = 120_000) {
  const proc = Bun.spawn({
    cmd: [COMPOSE, "-p", "tsapp", ...args],
    cwd: appDir(),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.tmp, DOCKER_HOST: `unix://${svc!.sock}` },
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeout);
  try {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new Error(`docker-compose ${args.join(" ")} exited ${code}\nstdout: ${stdout}\nstderr: ${stderr}`);
    return { stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

async function httpGet(url: string): Promise<string> {
  try {
    return await (await fetch(url, { signal: AbortSignal.timeout(3000) })).text();
  } catch {
    return "";
  }
}

async function json(path: string): Promise<any> {
  const res = await api(svc!.sock, path);
  return res.json();
}

describe("docker-compose against tspod system service", () => {
  test("the client is Debian's docker-compose 1.29", async () => {
    expect(existsSync(COMPOSE)).toBe(true);
    const proc = Bun.spawnSync({ cmd: [COMPOSE, "version", "--short"] });
    expect(proc.stdout.toString().trim()).toStartWith("1.29");
  });

  test("up -d: network, volume, two containers, a published port; the client reaches the server by name", async () => {
    const up = await compose(["up", "-d"]);
    expect(up.stderr).toContain('Creating network "tsapp_appnet" with the default driver');
    expect(up.stderr).toContain('Creating volume "tsapp_www" with default driver');
    expect(up.stderr).toContain("Building client");
    expect(up.stderr).toMatch(/Creating tsapp_web_1 \.\.\. done/);
    expect(up.stderr).toMatch(/Creating tsapp_client_1 \.\.\. done/);

    // the published port, from the host
    let body = "";
    expect(await waitFor(async () => (body = await httpGet(`http://127.0.0.1:${port}/`)).includes("served-by-compose"), 20_000, 300)).toBe(true);

    // the objects compose asked for, with its labels
    const net = await json("/v1.41/networks/tsapp_appnet");
    expect(net.Labels["com.docker.compose.project"]).toBe("tsapp");
    expect(net.Labels["com.docker.compose.network"]).toBe("appnet");
    expect(Object.values(net.Containers as Record<string, { Name: string }>).map((c) => c.Name).sort()).toEqual(["tsapp_client_1", "tsapp_web_1"]);
    const vol = await json("/v1.41/volumes/tsapp_www");
    expect(vol.Labels["com.docker.compose.volume"]).toBe("www");
    const web = await json("/v1.41/containers/tsapp_web_1/json");
    expect(web.NetworkSettings.Networks.tsapp_appnet.Aliases).toContain("web");
    expect(web.Mounts.some((m: { Name?: string; Destination: string }) => m.Name === "tsapp_www" && m.Destination === "/www")).toBe(true);
  });

  test("ps lists both services up, with the port", async () => {
    const ps = await compose(["ps"]);
    const lines = ps.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("tsapp_web_1"))).toMatch(new RegExp(`Up\\s+127\\.0\\.0\\.1:${port}->80/tcp`));
    expect(lines.find((l) => l.startsWith("tsapp_client_1"))).toMatch(/\sUp\s/);
    const q = await compose(["ps", "-q"]);
    expect(q.stdout.trim().split("\n")).toHaveLength(2);
  });

  test("logs shows each service's output once", async () => {
    // the client fetched the page through the network by the service name
    expect(await waitFor(async () => (await compose(["logs", "--no-color", "client"])).stdout.includes("served-by-compose"), 20_000, 500)).toBe(true);
    const logs = await compose(["logs", "--no-color"]);
    const lines = logs.stdout.split("\n");
    expect(lines.filter((l) => /^client_1\s+\| served-by-compose$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^client_1\s+\| built-by-compose$/.test(l))).toHaveLength(1);
    // httpd -v logs the client's request and the host's
    expect(lines.filter((l) => /^web_1\s+\| .*response:200$/.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  test("down removes the containers and the network; the volume stays until down -v", async () => {
    const down = await compose(["down", "-t", "1"]);
    expect(down.stderr).toContain("Removing network tsapp_appnet");
    expect(await json("/v1.41/containers/json?all=1")).toEqual([]);
    expect((await api(svc!.sock, "/v1.41/networks/tsapp_appnet")).status).toBe(404);
    expect((await api(svc!.sock, "/v1.41/volumes/tsapp_www")).status).toBe(200);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toBe("");

    const downV = await compose(["down", "-v"]);
    expect(downV.stderr).toContain("Removing volume tsapp_www");
    expect((await api(svc!.sock, "/v1.41/volumes/tsapp_www")).status).toBe(404);
  });
});
