// Many tspod processes on one store at once: no lost containers, no duplicate names, no crashes.

import { beforeAll, expect, test } from "bun:test";
import { parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "concurrency" });
const N = 20;
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

async function psAll(): Promise<any[]> {
  return parseJson<any[]>((await t.ok(["ps", "-a", "--format", "json"])).stdout);
}

test(`${N} concurrent runs all succeed, then ${N} concurrent rm`, async () => {
  const names = Array.from({ length: N }, (_, i) => `c${i}`);
  const runs = await Promise.all(
    names.map((n) => t.tspod(["run", "--rm=false", "--name", n, BB, "true"], { timeout: 90_000 })),
  );
  const failed = runs.filter((r) => r.code !== 0).map((r) => `${r.cmd} → ${r.code}: ${r.stderr.trim()}`);
  expect(failed).toEqual([]);

  const list = await psAll();
  expect(list).toHaveLength(N);
  const got = list.map((c) => c.Names[0]).sort();
  expect(got).toEqual([...names].sort());
  expect(new Set(list.map((c) => c.Id)).size).toBe(N);
  for (const c of list) {
    expect({ name: c.Names[0], state: c.State, code: c.ExitCode }).toEqual({ name: c.Names[0], state: "exited", code: 0 });
  }

  const rms = await Promise.all(names.map((n) => t.tspod(["rm", n], { timeout: 90_000 })));
  const rmFailed = rms.filter((r) => r.code !== 0).map((r) => `${r.cmd} → ${r.code}: ${r.stderr.trim()}`);
  expect(rmFailed).toEqual([]);
  expect(rms.map((r) => r.out).sort()).toEqual([...names].sort());
  expect(await psAll()).toEqual([]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 180_000);

test("two concurrent runs with the same name: exactly one wins", async () => {
  const [a, b] = await Promise.all([
    t.tspod(["run", "--name", "same", BB, "true"], { timeout: 90_000 }),
    t.tspod(["run", "--name", "same", BB, "true"], { timeout: 90_000 }),
  ]);
  const codes = [a.code, b.code].sort();
  expect(codes).toEqual([0, 125]);
  const loser = a.code === 125 ? a : b;
  expect(loser.stderr).toContain("already in use");
  const list = (await psAll()).filter((c) => c.Names[0] === "same");
  expect(list).toHaveLength(1);
  await t.ok(["rm", "same"]);
}, 120_000);

test("concurrent detached runs and rm -f of running containers", async () => {
  const names = Array.from({ length: 8 }, (_, i) => `bg${i}`);
  const runs = await Promise.all(names.map((n) => t.tspod(["run", "-d", "--name", n, BB, "sleep", "60"])));
  expect(runs.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
  const mine = (await psAll()).filter((c) => names.includes(c.Names[0]));
  const running = mine.filter((c) => c.State === "running").map((c) => c.Names[0]).sort();
  expect(running).toEqual([...names].sort());
  const rms = await Promise.all(names.map((n) => t.tspod(["rm", "-f", n])));
  expect(rms.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
  expect((await psAll()).filter((c) => names.includes(c.Names[0]))).toEqual([]);
}, 120_000);
