// npm's dockerode (run by Node) against `tspod system service`: ping, version, pull, images,
// create/start, logs, exec, build, stop, wait, remove, networks, volumes, and its 404.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup } from "./harness.ts";
import { startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apinode" });
const NODE = Bun.which("node");

beforeAll(async () => {
  svc = await startService(t, "node");
}, 60_000);

test("dockerode is installed (devDependency)", () => {
  expect(existsSync(join(import.meta.dir, "../../node_modules/dockerode/package.json"))).toBe(true);
  expect(NODE).not.toBeNull();
});

test("dockerode scenarios", async () => {
  const ctx = join(t.tmp, "node-ctx");
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, "Dockerfile"), 'FROM busybox\nARG WORD=none\nRUN echo $WORD > /word\nCMD ["cat", "/word"]\n');
  const proc = Bun.spawn({
    cmd: [NODE!, join(import.meta.dir, "api-dockerode.mjs"), svc!.sock, t.host, ctx],
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: t.tmp },
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 180_000);
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`dockerode script failed (${code}): ${err}\n${out}`);
  const r = JSON.parse(out);
  expect(r.ping).toBe("OK");
  expect(r.api).toBe("1.41");
  expect(r.pulled).toBe(true);
  expect(r.images).toContain(`${t.host}/busybox:latest`);
  expect(r.running).toBe(true);
  expect(r.labels).toEqual({ from: "dockerode" });
  expect(r.logs).toEqual({ stdout: "from-node\n", stderr: "to-err\n" });
  expect(r.exec).toEqual({ stdout: "in-exec\n", stderr: "exec-err\n" });
  expect(r.execExit).toBe(3);
  expect(r.listed).toEqual(["/node1"]);
  expect(r.exit).toBe(137);
  expect(r.afterRemove).toBe(0);
  expect(r.builtId).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(r.builtRun).toBe("built-by-node\n");
  expect(r.network).toBe("node-net");
  expect(r.networks).toEqual(["bridge", "node-net"]);
  expect(r.volume).toBe("node-vol");
  expect(r.volumes).toEqual(["node-vol"]);
  expect(r.volumesAfter).toBe(0);
  expect(r.missing).toBe(404);
}, 240_000);
