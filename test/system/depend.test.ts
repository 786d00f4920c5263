// Containers that join another container's namespaces depend on it: `rm` refuses to remove the
// other one first (Podman's text), and `rm --depend` removes the dependents before it.

import { beforeAll, expect, test } from "bun:test";
import { systemSetup } from "./harness.ts";

const t = systemSetup({ name: "depend" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

test("rm refuses a container others depend on; --depend removes them first", async () => {
  const base = (await t.ok(["run", "-d", "--name", "base", BB, "sleep", "60"])).out;
  const child = (await t.ok(["run", "-d", "--name", "child", "--pid", "container:base", BB, "sleep", "60"])).out;
  expect((await t.ok(["inspect", "--format", "{{json .Dependencies}}", "child"])).out).toBe(`["${base}"]`);

  const refused = await t.tspod(["rm", "-f", "-t", "0", "base"]);
  expect(refused.code).toBe(125);
  expect(refused.stderr).toContain(`container ${base} has dependent containers which must be removed before it: ${child}: container already exists`);
  expect((await t.ok(["ps", "--format", "{{.Names}}"])).out.split("\n").sort()).toEqual(["base", "child"]);

  const removed = await t.ok(["rm", "-f", "-t", "0", "--depend", "base"]);
  expect(removed.out.split("\n")).toEqual([child, "base"]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 120_000);

test("rm -a removes dependents before the containers they depend on", async () => {
  await t.ok(["run", "-d", "--name", "b2", BB, "sleep", "60"]);
  await t.ok(["run", "-d", "--name", "c2", "--ipc", "container:b2", BB, "sleep", "60"]);
  const r = await t.tspod(["rm", "-a", "-f", "-t", "0"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 120_000);
