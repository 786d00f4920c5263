// `tspod events` from the file backend: what the engine records, filters, formats, streaming.

import { beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TSPOD, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "events" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

function statuses(out: string, id: string): string[] {
  return out.split("\n").filter((l) => l.includes(id)).map((l) => JSON.parse(l).Status);
}

test("the engine records a container's life and an image pull, one JSON line each", async () => {
  const id = (await t.ok(["run", "-d", "--name", "ev1", "--label", "team=a", BB, "sleep", "60"])).out;
  expect((await t.tspod(["run", "--name", "ev2", "--rm", BB, "sh", "-c", "exit 3"], { timeout: 90_000 })).code).toBe(3);
  await t.ok(["rm", "-f", "ev1"]);
  const json = (await t.ok(["events", "--stream=false", "--format", "json"])).out;
  expect(statuses(json, id)).toEqual(["create", "init", "start", "died", "remove"]);
  const lines = json.split("\n").map((l) => JSON.parse(l));
  const died2 = lines.find((e) => e.Name === "ev2" && e.Status === "died");
  expect(died2.ContainerExitCode).toBe(3);
  expect(lines.filter((e) => e.Name === "ev2").map((e) => e.Status)).toEqual(["create", "init", "start", "attach", "died", "remove"]);
  const start = lines.find((e) => e.ID === id && e.Status === "start");
  expect(start).toMatchObject({ Type: "container", Name: "ev1", Image: expect.stringContaining("busybox"), Attributes: { team: "a" } });
  expect(start.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  expect(lines.some((e) => e.Type === "image" && e.Status === "pull" && e.Name === BB)).toBe(true);
  // the file itself: Podman's path layout under the run root
  const file = readFileSync(join(t.runroot, "events", "events.log"), "utf8");
  expect(file.trim().split("\n").length).toBe(lines.length);
});

test("default line format, --no-trunc=false, templates and filters", async () => {
  const id = (await t.ok(["create", "--name", "ev3", "--label", "k=v", BB, "true"])).out;
  const line = (await t.ok(["events", "--stream=false", "--filter", "container=ev3"])).out;
  expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC container create ${id} \\(image=.*busybox:latest, name=ev3, k=v\\)$`));
  const short = (await t.ok(["events", "--stream=false", "--no-trunc=false", "--filter", "container=ev3"])).out;
  expect(short).toContain(`container create ${id.slice(0, 12)} (`);
  const tmpl = (await t.ok(["events", "--stream=false", "--filter", `container=${id.slice(0, 10)}`, "--format", "{{.Type}} {{.Status}} {{.Name}}"])).out;
  expect(tmpl).toBe("container create ev3");
  expect((await t.ok(["events", "--stream=false", "--filter", "label=k=v", "--format", "{{.Name}}"])).out).toBe("ev3");
  expect((await t.ok(["events", "--stream=false", "--filter", "label=k=other", "--format", "{{.Name}}"])).out).toBe("");
  const images = (await t.ok(["events", "--stream=false", "--filter", "type=image", "--format", "{{.Status}}"])).out.split("\n");
  expect(images).toContain("pull");
  expect(images).not.toContain("create");
  // event= values of one key are ORed, different keys ANDed
  const both = (await t.ok(["events", "--stream=false", "--filter", "event=create", "--filter", "event=remove", "--filter", "container=ev3", "--format", "{{.Status}}"])).out;
  expect(both).toBe("create");
  await t.ok(["rm", "ev3"]);
  expect((await t.ok(["events", "--stream=false", "--filter", "status=remove", "--filter", "container=ev3", "--format", "{{.Status}}"])).out).toBe("remove");
});

test("--since and --until take durations, unix stamps and RFC 3339 times", async () => {
  expect((await t.ok(["events", "--stream=false", "--since", "1h"])).out).not.toBe("");
  expect((await t.ok(["events", "--stream=false", "--until", "1h"])).out).toBe("");
  const future = String(Math.floor(Date.now() / 1000) + 3600);
  expect((await t.ok(["events", "--stream=false", "--since", future])).out).toBe("");
  expect((await t.ok(["events", "--stream=false", "--filter", `until=${future}`])).out).not.toBe("");
  expect((await t.ok(["events", "--stream=false", "--since", "2000-01-01T00:00:00Z"])).out).not.toBe("");
  const bad = await t.tspod(["events", "--stream=false", "--since", "yesterday-ish"]);
  expect(bad.code).toBe(125);
  expect(bad.stderr).toContain('failed to parse time "yesterday-ish"');
  const badFilter = await t.tspod(["events", "--stream=false", "--filter", "bogus=1"]);
  expect(badFilter.code).toBe(125);
  expect(badFilter.stderr).toContain("bogus is an invalid filter");
});

test("streaming shows events written by other processes and ends on SIGINT", async () => {
  const proc = Bun.spawn([TSPOD, "--root", t.root, "--runroot", t.runroot, "events", "--filter", "event=start", "--format", "{{.Name}}"], {
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  const reader = (async () => {
    for await (const chunk of proc.stdout) out += new TextDecoder().decode(chunk);
  })();
  await Bun.sleep(300);
  await t.ok(["run", "-d", "--name", "ev4", BB, "sleep", "60"]);
  expect(await waitFor(() => out.includes("ev4"), 10_000)).toBe(true);
  expect(out.split("\n")).toContain("ev1"); // what was written before is printed first
  proc.kill("SIGINT");
  expect(await proc.exited).toBe(0);
  await reader;
  await t.ok(["rm", "-f", "ev4"]);
});

test("concurrent writers never tear or lose a line", async () => {
  const before = readFileSync(join(t.runroot, "events", "events.log"), "utf8").trim().split("\n").length;
  const names = Array.from({ length: 12 }, (_, i) => `evc${i}`);
  const res = await Promise.all(names.map((n) => t.tspod(["create", "--name", n, "--label", `x=${"y".repeat(500)}`, BB, "true"], { timeout: 90_000 })));
  expect(res.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
  const lines = readFileSync(join(t.runroot, "events", "events.log"), "utf8").trim().split("\n");
  expect(lines.length).toBe(before + names.length);
  const created = lines.slice(before).map((l) => JSON.parse(l));
  expect(created.map((e) => e.Name).sort()).toEqual([...names].sort());
  await t.ok(["rm", ...names]);
});

test("image tag/untag/push/remove, rename, exec, stop, pause and unpause are recorded", async () => {
  await t.ok(["tag", BB, "localhost/evimg:1"]);
  await t.ok(["push", "--tls-verify=false", "localhost/evimg:1", `oci:${join(t.tmp, "ev-oci")}:x`]);
  await t.ok(["untag", "localhost/evimg:1", "localhost/evimg:1"]);
  const id = (await t.ok(["run", "-d", "--name", "evr", BB, "sh", "-c", "trap 'exit 0' TERM; sleep 60 & wait"])).out;
  await t.ok(["rename", "evr", "evr2"]);
  await t.ok(["exec", "evr2", "true"]);
  await t.ok(["pause", "evr2"]);
  await t.ok(["unpause", "evr2"]);
  await t.ok(["stop", "evr2"]);
  await t.ok(["rm", "evr2"]);
  const json = (await t.ok(["events", "--stream=false", "--format", "json"])).out;
  const images = json.split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.Type === "image");
  const imageStatuses = images.filter((e) => (e.Name ?? "").includes("evimg") || (e.Name ?? "").includes("ev-oci")).map((e) => e.Status);
  expect(imageStatuses).toEqual(["tag", "push", "untag"]);
  const ctr = statuses(json, id);
  for (const s of ["create", "init", "start", "rename", "exec", "pause", "unpause", "died", "stop", "remove"]) expect(ctr).toContain(s);
  expect(ctr.indexOf("pause")).toBeLessThan(ctr.indexOf("unpause"));
  expect(ctr.at(-1)).toBe("remove");
}, 120_000);
