// `tspod build` on bad input: Podman's error wording and exit codes, nothing tagged, nothing leaked.

import { beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync, readdirSync, existsSync, chmodSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { mountsUnder, processesMentioning, systemSetup, TSPOD, waitFor } from "./harness.ts";

const t = systemSetup({ name: "build-errors" });
let BB = "";

function ctx(name: string, containerfile: string): string {
  const dir = join(t.tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Containerfile"), containerfile);
  return dir;
}

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

test("a failing RUN: its output and exit code, the build stops, no image tagged", async () => {
  const r = await t.tspod(["build", "-t", "failing", ctx("fail", `FROM ${BB}\nRUN echo out; echo err >&2; exit 3\nRUN echo never\n`)]);
  expect(r.code).toBe(3);
  expect(r.stdout).toContain("STEP 2/3: RUN echo out; echo err >&2; exit 3\nout\n");
  expect(r.stdout).not.toContain("never");
  expect(r.stderr).toContain("err\n");
  expect(r.stderr).toContain('Error: building at STEP "RUN echo out; echo err >&2; exit 3": while running runtime: exit status 3');
  expect((await t.tspod(["image", "exists", "failing"])).code).toBe(1);
  expect(readdirSync(join(t.root, "build")).length).toBe(0);
  expect(existsSync(join(t.runroot, "build")) ? readdirSync(join(t.runroot, "build")).length : 0).toBe(0);
});

test("unknown instruction", async () => {
  const r = await t.tspod(["build", ctx("unknown", `FROM ${BB}\nFOO bar\n`)]);
  expect(r.code).toBe(125);
  expect(r.stderr).toContain('Error: building at STEP "FOO bar": Build error: Unknown instruction: "FOO"');
});

test("COPY --from of a missing stage or image", async () => {
  const r = await t.tspod(["build", ctx("nostage", `FROM ${BB}\nCOPY --from=nope /x /y\n`)]);
  expect(r.code).toBe(125);
  expect(r.stderr).toContain("Error: COPY --from=nope: no stage or image found with that name");
});

test("COPY of sources outside the context or missing", async () => {
  const esc = await t.tspod(["build", ctx("escape", `FROM ${BB}\nCOPY ../x /y\n`)]);
  expect(esc.code).toBe(125);
  expect(esc.stderr).toContain('Error: building at STEP "COPY ../x /y": checking on sources under "' + join(t.tmp, "escape") + '": possible escaping context directory error');
  const missing = await t.tspod(["build", ctx("missing", `FROM ${BB}\nCOPY missing /y\n`)]);
  expect(missing.code).toBe(125);
  expect(missing.stderr).toContain('copier: stat: "/missing": no such file or directory');
});

test("missing or unreadable Containerfile, no FROM, bad target", async () => {
  const dir = join(t.tmp, "empty");
  mkdirSync(dir, { recursive: true });
  const none = await t.tspod(["build", dir]);
  expect(none.code).toBe(125);
  expect(none.stderr).toContain("no Containerfile or Dockerfile specified or found in context directory");
  const nf = await t.tspod(["build", "-f", "nonexist", dir]);
  expect(nf.code).toBe(125);
  expect(nf.stderr).toContain(`stat ${join(dir, "nonexist")}: no such file or directory`);
  const noFrom = await t.tspod(["build", ctx("nofrom", "RUN true\n")]);
  expect(noFrom.stderr).toContain("no FROM statement found");
  const target = await t.tspod(["build", "--target", "zz", ctx("target", `FROM ${BB}\n`)]);
  expect(target.stderr).toContain('The target "zz" was not found in the provided Dockerfile');
  const unreadable = ctx("unreadable", `FROM ${BB}\n`);
  mkdirSync(join(unreadable, "Containerfile.d"), { recursive: true });
  const dirAsFile = await t.tspod(["build", "-f", join(unreadable, "Containerfile.d"), unreadable]);
  expect(dirAsFile.code).toBe(125);
  expect(dirAsFile.stderr).toContain("Error: reading");
  chmodSync(join(unreadable, "Containerfile"), 0o644);
});

test("a build killed during RUN: the next build kills its container and removes its mounts and dirs", async () => {
  const dir = ctx("killed", `FROM ${BB}\nRUN echo started; sleep 61723\n`);
  const proc = Bun.spawn([TSPOD, "--root", t.root, "--runroot", t.runroot, "build", dir], { stdout: "pipe", stderr: "pipe", env: { ...process.env, CONTAINERS_REGISTRIES_CONF: t.defaultRegistriesConf } });
  const reader = proc.stdout.getReader();
  let seen = "";
  while (!seen.includes("\nstarted\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  expect(seen).toContain("\nstarted\n");
  proc.kill("SIGKILL");
  await proc.exited;
  expect(mountsUnder(join(t.root, "build")).length).toBe(1);
  expect(await waitFor(() => processesMentioning("61723").length > 0, 5000)).toBe(true);
  await t.ok(["build", "-q", ctx("after-kill", `FROM ${BB}\nRUN true\n`)]);
  expect(mountsUnder(join(t.root, "build"))).toEqual([]);
  expect(readdirSync(join(t.root, "build"))).toEqual([]);
  expect(readdirSync(join(t.runroot, "build"))).toEqual([]);
  expect(await waitFor(() => processesMentioning("61723").length === 0, 5000)).toBe(true);
});

test("symlinks in the context cannot reach host files (COPY, RUN --mount=type=bind)", async () => {
  const dir = ctx("symlink-escape", `FROM ${BB}\nCOPY up/etc/hostname /x\n`);
  symlinkSync("/", join(dir, "up"));
  const r = await t.tspod(["build", dir]);
  expect(r.code).toBe(125);
  expect(r.stderr).toContain('copier: stat: "/up/etc/hostname": no such file or directory');
  writeFileSync(join(dir, "Containerfile"), `FROM ${BB}\nRUN --mount=type=bind,source=up/etc/hostname,target=/h cat /h\n`);
  const m = await t.tspod(["build", dir]);
  expect(m.code).toBe(125);
  expect(m.stderr).toContain("no such file or directory");
});
