// Debian's python3-docker (docker-py) against `tspod system service`: pull, run, exec, archive
// put/get, logs, list with filters, stop, wait, remove, and its NotFound error.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { systemSetup } from "./harness.ts";
import { startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apipy" });
const HAVE = existsSync("/usr/bin/python3") && existsSync("/usr/lib/python3/dist-packages/docker/__init__.py");

beforeAll(async () => {
  svc = await startService(t, "py");
}, 60_000);

test.skipIf(!HAVE)("docker-py scenarios", async () => {
  const proc = Bun.spawn({ cmd: ["/usr/bin/python3", join(import.meta.dir, "api-python-docker.py"), svc!.sock], stdout: "pipe", stderr: "pipe", env: { PATH: "/usr/bin:/bin", HOME: t.tmp } });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`python3-docker script failed (${code}): ${err}`);
  const r = JSON.parse(out);
  expect(r.ping).toBe(true);
  expect(r.api).toBe("1.41");
  expect(r.pulled_tags).toContain(`${t.host}/busybox:latest`);
  expect(r.run).toBe("hi\nerr\n");
  expect(r.status).toBe("running");
  expect(r.labels).toEqual({ from: "python" });
  expect(r.exec).toEqual([3, "in-exec\n"]);
  expect(r.put).toBe(true);
  expect(r.get).toBe("via put_archive\n");
  expect(r.stat_name).toBe("put.txt");
  expect(r.logs).toBe("started\n");
  expect(r.listed).toEqual(["py"]);
  expect(r.exit).toBe(137);
  expect(r.after_remove).toEqual([]);
  expect(r.missing).toBe("NotFound");
});
