// Healthchecks without systemd: `healthcheck run`, the per-container timer, health in ps/inspect,
// --health-on-failure, and Podman's errors for bad --health-* values.

import { beforeAll, expect, test } from "bun:test";
import { parseJson, processesMentioning, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "health" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

async function health(name: string): Promise<any> {
  return parseJson((await t.ok(["inspect", "--format", "{{json .State.Health}}", name])).out);
}

async function psStatus(name: string): Promise<string> {
  return (await t.ok(["ps", "-a", "--format", "{{.Names}}|{{.Status}}"])).out
    .split("\n")
    .find((l) => l.startsWith(`${name}|`))!
    .split("|")[1]!;
}

test("healthcheck run: failure streak, unhealthy, then healthy; ps and inspect show it", async () => {
  await t.ok(["run", "-d", "--name", "h1", "--health-cmd", "test -e /tmp/ok && echo fine", "--health-interval", "disable", "--health-retries", "2", BB, "sleep", "60"]);
  expect(await psStatus("h1")).toMatch(/^Up .* \(starting\)$/);
  expect((await health("h1")).Status).toBe("starting");
  const first = await t.tspod(["healthcheck", "run", "h1"]);
  expect([first.code, first.out]).toEqual([1, "unhealthy"]);
  expect(await health("h1")).toMatchObject({ Status: "starting", FailingStreak: 1 });
  expect((await t.tspod(["healthcheck", "run", "h1"])).code).toBe(1);
  const h = await health("h1");
  expect(h).toMatchObject({ Status: "unhealthy", FailingStreak: 2 });
  expect(h.Log).toHaveLength(2);
  expect(h.Log[0]).toMatchObject({ ExitCode: 1, Output: "" });
  expect(await psStatus("h1")).toMatch(/^Up .* \(unhealthy\)$/);
  // inspect's Podman 4.3 alias and the config
  const both = parseJson((await t.ok(["inspect", "--format", "{{json .State.Healthcheck}}", "h1"])).out);
  expect(both).toEqual(h);
  const cfg = parseJson((await t.ok(["inspect", "--format", "{{json .Config.Healthcheck}}", "h1"])).out);
  expect(cfg).toEqual({ Test: ["CMD-SHELL", "test -e /tmp/ok && echo fine"], Timeout: 30_000_000_000, Retries: 2 });
  await t.ok(["rm", "-f", "h1"]);
});

test("a passing check makes the container healthy; only the last 5 results are kept", async () => {
  await t.ok(["run", "-d", "--name", "h2", "--health-cmd", '["echo","ok"]', "--health-interval", "disable", BB, "sleep", "60"]);
  for (let i = 0; i < 6; i++) {
    const r = await t.tspod(["healthcheck", "run", "h2"]);
    expect([r.code, r.out]).toEqual([0, ""]);
  }
  const h = await health("h2");
  expect(h).toMatchObject({ Status: "healthy", FailingStreak: 0 });
  expect(h.Log).toHaveLength(5);
  expect(h.Log[4]).toMatchObject({ ExitCode: 0, Output: "ok\n" });
  expect(await psStatus("h2")).toMatch(/^Up .* \(healthy\)$/);
  const ev = (await t.ok(["events", "--stream=false", "--filter", "event=health_status", "--filter", "container=h2", "--format", "{{.HealthStatus}}"])).out;
  expect(ev.split("\n")).toEqual(Array(6).fill("healthy"));
  await t.ok(["rm", "-f", "h2"]);
});

test("the timer runs the check on schedule and dies with the container", async () => {
  const id = (await t.ok(["run", "-d", "--name", "h3", "--health-cmd", "true", "--health-interval", "1s", BB, "sleep", "60"])).out;
  expect(await waitFor(async () => ((await health("h3")).Log ?? []).length >= 2, 15_000, 200)).toBe(true);
  expect((await health("h3")).Status).toBe("healthy");
  const timers = () => processesMentioning(id).filter((p) => p.argv.includes("timer"));
  expect(timers()).toHaveLength(1);
  await t.ok(["rm", "-f", "h3"]);
  expect(await waitFor(() => timers().length === 0, 5_000)).toBe(true);
});

test("--health-on-failure=kill kills an unhealthy container; cleanup stops its timer", async () => {
  const id = (await t.ok(["run", "-d", "--name", "h4", "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1", "--health-on-failure", "kill", BB, "sleep", "60"])).out;
  expect(await waitFor(async () => (await t.ok(["inspect", "--format", "{{.State.Status}}", "h4"])).out === "exited", 15_000, 200)).toBe(true);
  expect((await t.ok(["inspect", "--format", "{{.State.ExitCode}}", "h4"])).out).toBe("137");
  expect(await waitFor(() => processesMentioning(id).filter((p) => p.argv.includes("timer")).length === 0, 5_000)).toBe(true);
  await t.ok(["rm", "h4"]);
});

test("--no-healthcheck and containers without a check", async () => {
  await t.ok(["run", "-d", "--name", "h5", "--no-healthcheck", BB, "sleep", "60"]);
  expect((await t.ok(["inspect", "--format", "{{json .State.Health}}", "h5"])).out).toBe("null");
  const none = await t.tspod(["healthcheck", "run", "h5"]);
  expect(none.code).toBe(125);
  expect(none.stderr).toMatch(/Error: container [0-9a-f]{64} has no defined healthcheck\n/);
  await t.ok(["rm", "-f", "h5"]);
  await t.ok(["create", "--name", "h6", "--health-cmd", "true", BB]);
  const stopped = await t.tspod(["healthcheck", "run", "h6"]);
  expect(stopped.code).toBe(125);
  expect(stopped.stderr).toMatch(/Error: container [0-9a-f]{64} is not running\n/);
  await t.ok(["rm", "h6"]);
  const missing = await t.tspod(["healthcheck", "run", "nope"]);
  expect(missing.code).toBe(125);
  expect(missing.stderr).toBe('Error: unable to look up nope to perform a health check: no container with name or ID "nope" found: no such container\n');
});

test("bad --health-* values get Podman's errors and create nothing", async () => {
  const cases: [string[], string][] = [
    [["--health-cmd", "true", "--health-interval", "xx"], 'Error: invalid healthcheck-interval: time: invalid duration "xx"'],
    [["--health-cmd", "true", "--health-retries", "0"], "Error: healthcheck-retries must be greater than 0"],
    [["--health-on-failure", "bogus"], 'Error: invalid on-failure action "bogus" for health check: supported actions are none,kill,restart,stop'],
    [["--health-cmd", "true", "--health-timeout", "0s"], "Error: healthcheck-timeout must be at least 1 second"],
  ];
  for (const [flags, message] of cases) {
    const r = await t.tspod(["create", ...flags, BB]);
    expect([r.code, r.stderr.trim()]).toEqual([125, message]);
  }
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
});
