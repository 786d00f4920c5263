// Secrets through bin/tspod: create (file, stdin, --env, --replace), ls / inspect (never the
// value unless --showsecret), rm / exists, and `run --secret` as a file or an environment
// variable, with the owner and mode the container sees; the value never lands in inspect,
// logs or the store outside its 0600 file.

import { beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson, systemSetup, TSPOD } from "./harness.ts";

const t = systemSetup({ name: "secret" });
let BB = "";
const VALUE = "s3cr3t-v4lue";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

function grepStore(dir: string, needle: string, skip: string): string[] {
  const hits: string[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!ent.isFile()) continue;
    const p = join(ent.parentPath, ent.name);
    if (p.startsWith(skip)) continue;
    try {
      if (readFileSync(p).includes(needle)) hits.push(p);
    } catch {}
  }
  return hits;
}

describe("secret commands", () => {
  test("create from a file, stdin and --env; ls, inspect, exists, rm", async () => {
    const file = join(t.tmp, "secret.txt");
    writeFileSync(file, VALUE);
    const id = (await t.ok(["secret", "create", "--label", "app=web", "s1", file])).out;
    expect(id).toMatch(/^[0-9a-f]{25}$/);
    const proc = Bun.spawn({ cmd: [TSPOD, "--root", t.root, "--runroot", t.runroot, "secret", "create", "s2", "-"], stdin: new TextEncoder().encode("from-stdin"), stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(0);
    await t.ok(["secret", "create", "--env", "s3", "MY_SECRET_VAR"], { env: { MY_SECRET_VAR: "from-env" } });

    const ls = await t.ok(["secret", "ls"]);
    expect(ls.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+DRIVER\s+CREATED\s+UPDATED$/);
    expect(ls.stdout).toContain(`${id}  s1 `);
    expect(ls.stdout).not.toContain(VALUE);
    expect((await t.ok(["secret", "ls", "--format", "{{.Name}}"])).out.split("\n")).toEqual(["s1", "s2", "s3"]);
    expect((await t.ok(["secret", "ls", "--filter", "name=s2", "--format", "{{.Name}} {{.Driver}}"])).out).toBe("s2 file");

    const insp = await t.ok(["secret", "inspect", "s1"]);
    expect(insp.stdout).not.toContain(VALUE);
    const s = parseJson<any[]>(insp.stdout)[0];
    expect(s).toMatchObject({ ID: id, Spec: { Name: "s1", Driver: { Name: "file" }, Labels: { app: "web" } } });
    expect(s.SecretData).toBeUndefined();
    expect(parseJson<any[]>((await t.ok(["secret", "inspect", "--showsecret", "s1"])).stdout)[0].SecretData).toBe(VALUE);
    expect((await t.ok(["secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "s2"])).out).toBe("from-stdin");
    expect((await t.ok(["secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "s3"])).out).toBe("from-env");

    const dup = await t.tspod(["secret", "create", "s1", file]);
    expect(dup.code).toBe(125);
    expect(dup.stderr.trim()).toBe("Error: s1: secret name in use");
    const empty = join(t.tmp, "empty");
    writeFileSync(empty, "");
    expect((await t.tspod(["secret", "create", "s4", empty])).code).toBe(125);
    expect((await t.tspod(["secret", "create", "s4", join(t.tmp, "missing")])).code).toBe(125);
    expect((await t.tspod(["secret", "create", "../bad", file])).code).toBe(125);

    expect((await t.tspod(["secret", "exists", "s2"])).code).toBe(0);
    expect((await t.tspod(["secret", "exists", "nope"])).code).toBe(1);
    expect((await t.ok(["secret", "rm", "s2", "s3"])).out.split("\n")).toHaveLength(2);
    expect((await t.tspod(["secret", "exists", "s2"])).code).toBe(1);
    const missing = await t.tspod(["secret", "rm", "nope"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr.trim()).toBe('Error: no secret with name or id "nope" found: no such secret');
    expect((await t.tspod(["secret", "rm", "--ignore", "nope"])).code).toBe(0);
  }, 60_000);

  test("values are stored 0600 in a 0700 directory and nowhere else", async () => {
    const dataDir = join(t.root, "secrets/data");
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(dataDir, f)).mode & 0o777).toBe(0o600);
    expect(grepStore(t.root, VALUE, dataDir)).toEqual([]);
  });
});

describe("run --secret", () => {
  test("mounted under /run/secrets by default, read-only, 0444 root", async () => {
    const r = await t.ok(["run", "--rm", "--secret", "s1", BB, "sh", "-c", "cat /run/secrets/s1; echo; stat -c '%a %u:%g' /run/secrets/s1; echo x > /run/secrets/s1 2>/dev/null || echo ro"]);
    expect(r.out).toBe(`${VALUE}\n444 0:0\nro`);
  }, 30_000);

  test("target, uid, gid and mode as the container sees them", async () => {
    const r = await t.ok(["run", "--rm", "-u", "1000:1000", "--secret", "s1,target=/etc/app/key,uid=1000,gid=1001,mode=0400", "--secret", "s1,target=rel-name", BB, "sh", "-c", "stat -c '%a %u:%g' /etc/app/key; cat /etc/app/key; echo; ls /run/secrets"]);
    expect(r.out).toBe(`400 1000:1001\n${VALUE}\nrel-name`);
  }, 30_000);

  test("type=env sets a variable that inspect does not show; the value stays out of logs and the store", async () => {
    const id = (await t.ok(["run", "-d", "--name", "envsec", "--secret", "s1,type=env,target=API_KEY", BB, "sh", "-c", "echo \"len=${#API_KEY}\"; sleep 300"])).out;
    const exec = await t.ok(["exec", "envsec", "sh", "-c", "echo $API_KEY"]);
    expect(exec.out).toBe(VALUE);
    const insp = await t.ok(["inspect", "envsec"]);
    expect(insp.stdout).not.toContain(VALUE);
    expect(parseJson<any[]>(insp.stdout)[0].Config.Env.some((e: string) => e.startsWith("API_KEY="))).toBe(false);
    expect((await t.ok(["logs", "envsec"])).out).toBe(`len=${VALUE.length}`);
    expect(grepStore(t.root, VALUE, join(t.root, "secrets/data"))).toEqual([]);
    // after a restart the variable is there again
    await t.ok(["restart", "-t", "0", "envsec"]);
    expect((await t.ok(["exec", "envsec", "sh", "-c", "echo $API_KEY"])).out).toBe(VALUE);
    await t.ok(["rm", "-f", "-t", "0", id]);
  }, 60_000);

  test("--replace gives containers the new value under the same id", async () => {
    const file = join(t.tmp, "v2.txt");
    writeFileSync(file, "second");
    const before = (await t.ok(["secret", "inspect", "--format", "{{.ID}}", "s1"])).out;
    await t.ok(["create", "--name", "repl", "--secret", "s1", BB, "cat", "/run/secrets/s1"]);
    expect((await t.ok(["secret", "create", "--replace", "s1", file])).out).toBe(before);
    expect((await t.ok(["start", "-a", "repl"])).out).toBe("second");
    await t.ok(["rm", "repl"]);
    writeFileSync(file, VALUE);
    await t.ok(["secret", "create", "--replace", "s1", file]);
  }, 60_000);

  test("bad --secret values", async () => {
    const cases: [string, string][] = [
      ["nope", 'Error: no secret with name or id "nope" found: no such secret'],
      ["s1,target=../../etc/passwd", 'Error: invalid secret target "../../etc/passwd": must not contain ".."'],
      ["s1,type=file", "Error: type file is invalid: secret type must be one of mount or env"],
      ["s1,type=env,mode=0400", "Error: UID, GID, Mode options cannot be set with secret type env"],
      ["s1,mode=999", "Error: invalid secret option mode=999"],
    ];
    for (const [value, message] of cases) {
      const r = await t.tspod(["run", "--rm", "--secret", value, BB, "true"]);
      expect(r.code).toBe(125);
      expect(r.stderr.trim()).toBe(message);
    }
    expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  }, 30_000);
});
