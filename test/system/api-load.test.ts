// Load on `tspod system service`: 16 concurrent clients hammer containers/json and images/json
// (Docker's and libpod's) while containers are created, started, stopped and removed through the
// API. No request may fail, the service's open file descriptors come back to where they were, and
// its resident memory stays flat. TSPOD_API_LOAD_SECONDS sets the duration (default 60).

import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { systemSetup, waitFor } from "./harness.ts";
import { api, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apiload" });
const SECONDS = Number(process.env.TSPOD_API_LOAD_SECONDS ?? "60");
const CLIENTS = 16;

beforeAll(async () => {
  svc = await startService(t, "load");
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
  for (let i = 0; i < 5; i++) await t.ok(["create", "--name", `idle${i}`, t.img("busybox"), "true"]);
}, 120_000);

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0);
}

const PATHS = ["/v1.41/containers/json?all=1", "/v1.41/images/json", "/v4.3.1/libpod/containers/json?all=true", "/v4.3.1/libpod/images/json"];

test(`${CLIENTS} clients for ${SECONDS}s while containers start and stop: no failure, no fd leak, flat RSS`, async () => {
  const pid = svc!.proc.pid;
  const failures: string[] = [];
  let requests = 0;
  let churned = 0;
  let stop = false;
  const client = async (n: number) => {
    for (let i = n; !stop; i++) {
      const path = PATHS[i % PATHS.length]!;
      try {
        const res = await api(svc!.sock, path);
        const body = await res.text();
        if (res.status !== 200 || !body.startsWith("[")) failures.push(`${path}: ${res.status} ${body.slice(0, 200)}`);
      } catch (err) {
        failures.push(`${path}: ${(err as Error).message}`);
      }
      requests++;
    }
  };
  const churn = async () => {
    for (let i = 0; !stop; i++) {
      const steps: [string, string, unknown?][] = [];
      const name = `churn${i}`;
      try {
        const created = await api(svc!.sock, "/v4.3.1/libpod/containers/create", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ image: t.img("busybox"), name, command: ["sleep", "1000"] }) });
        if (created.status !== 201) throw new Error(`create ${created.status} ${await created.text()}`);
        steps.push(["POST", `/v4.3.1/libpod/containers/${name}/start`], ["POST", `/v4.3.1/libpod/containers/${name}/stop?timeout=0`], ["DELETE", `/v4.3.1/libpod/containers/${name}?force=true`]);
        for (const [method, path] of steps) {
          const res = await api(svc!.sock, path, { method });
          const body = await res.text();
          if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${body}`);
        }
        churned++;
      } catch (err) {
        failures.push(`churn: ${(err as Error).message}`);
      }
    }
  };

  /** runs the clients and the churn for `secs`; returns the RSS samples (one a second) */
  const phase = async (secs: number): Promise<number[]> => {
    stop = false;
    const running = [...Array.from({ length: CLIENTS }, (_, n) => client(n)), churn()];
    const samples: number[] = [];
    for (let s = 0; s < secs; s++) {
      await Bun.sleep(1000);
      samples.push(rssKiB(pid));
    }
    stop = true;
    await Promise.all(running);
    return samples;
  };

  // warm-up with the same load (files the engine opens once, caches, allocator pools)
  const warmSamples = await phase(Math.min(10, Math.max(3, Math.round(SECONDS / 6))));
  // idle keep-alive connections close after the server's 5 s keep-alive timeout
  await Bun.sleep(6000);
  const fdBefore = fdCount(pid);
  const rssWarm = Math.max(...warmSamples);
  requests = 0;
  churned = 0;
  const started = Date.now();
  const samples = await phase(SECONDS);
  const elapsed = (Date.now() - started) / 1000;
  // the end of the run: the largest of the last few samples
  const rssEnd = Math.max(...samples.slice(-5));
  const settled = await waitFor(() => fdCount(pid) <= fdBefore + 2, 20_000, 250);
  const fdAfter = fdCount(pid);
  console.log(`load: ${requests} requests in ${elapsed.toFixed(1)}s (${Math.round(requests / elapsed)} req/s), ${churned} containers cycled; fds ${fdBefore} → ${fdAfter}; RSS ${(rssWarm / 1024).toFixed(1)} → ${(rssEnd / 1024).toFixed(1)} MiB`);
  expect(failures.slice(0, 5)).toEqual([]);
  expect(churned).toBeGreaterThan(0);
  expect(settled).toBe(true);
  // flat: at most 25% or 16 MiB (the larger) above the warmed-up size
  expect(rssEnd).toBeLessThanOrEqual(Math.max(rssWarm * 1.25, rssWarm + 16 * 1024));
}, (SECONDS + 120) * 1000);
