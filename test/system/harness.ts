// Harness for black-box system tests: runs the built bin/tspod for real against a private store.
//
// Each test file calls `systemSetup()` once at top level. That registers bun:test hooks which
//   beforeAll: make a temp dir (root/, run/, registries.conf), start a throw-away fixture registry
//              (plus a TLS one when asked) and push the fixture images to it;
//   afterAll:  `tspod rm -a -f`, then check that no conmon process and no mount under the temp dir
//              remain (killing / unmounting leftovers and FAILING the file if any), stop the
//              registries and delete the temp dir.
//
// Nothing here reads or writes the host's container store, registries.conf or auth files.

import { afterAll, beforeAll, expect, setDefaultTimeout } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pushFixtureImages } from "../fixtures/push-images.ts";
import { startRegistry, type Registry } from "../fixtures/registry.ts";
import { leftoverFirewallRules, writeTestNetworkConfig } from "./test-networks.ts";

export const REPO_ROOT = resolve(import.meta.dir, "../..");
export const TSPOD = join(REPO_ROOT, "bin/tspod");

if (!existsSync(TSPOD)) {
  throw new Error(`${TSPOD} does not exist: build it first with \`cd ${REPO_ROOT} && npm run build\``);
}

// containers, pulls and registries are slow compared to unit tests
setDefaultTimeout(60_000);

export const HEX64 = /^[0-9a-f]{64}$/;
export const HEX12 = /^[0-9a-f]{12}$/;

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout without the trailing newline(s) */
  out: string;
  /** the command line, for failure messages */
  cmd: string;
}

export interface RunOptions {
  /** extra environment variables (merged over the harness defaults) */
  env?: Record<string, string>;
  /** data written to tspod's stdin (otherwise stdin is /dev/null) */
  stdin?: string;
  /** ms before tspod is SIGKILLed and the call throws (default 60 s) */
  timeout?: number;
  /** use another store instead of the file's own (see SystemContext.newStore) */
  store?: { root: string; runroot: string };
}

export interface SystemContext {
  /** temp dir holding everything of this test file */
  tmp: string;
  root: string;
  runroot: string;
  /** plain-HTTP fixture registry: "127.0.0.1:PORT" */
  host: string;
  registry: Registry;
  /** TLS registry (only with { tls: true }); certDir holds ca.crt */
  tlsRegistry?: Registry;
  /** registries.conf used by default: no search registries, nothing insecure */
  defaultRegistriesConf: string;
  /** `<host>/<name>:latest` on the plain registry */
  img(name: "busybox" | "busybox-docker" | "layered" | string): string;
  /** runs `bin/tspod --root R --runroot RR ...args` */
  tspod(args: string[], opts?: RunOptions): Promise<Result>;
  /** like tspod() but fails the test unless the exit code is 0 */
  ok(args: string[], opts?: RunOptions): Promise<Result>;
  /** a fresh, empty store inside tmp (cleaned up and checked like the main one) */
  newStore(name: string): { root: string; runroot: string };
  /** containers.conf every tspod call gets: network_config_dir inside tmp (see test-networks.ts) */
  containersConf: string;
  /** the file's own default network: bridge name and subnet (unique per test file) */
  defaultBridge: string;
  defaultSubnet: string;
  /** writes a registries.conf: search `hosts` unqualified, mark them insecure when asked */
  writeRegistriesConf(name: string, o: { search?: string[]; insecure?: string[] }): string;
}

export function cmdString(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** mount points (field 5 of /proc/self/mountinfo, unescaped) at or below `prefix` */
export function mountsUnder(prefix: string): string[] {
  const p = prefix.replace(/\/+$/, "");
  const out: string[] = [];
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const f = line.split(" ");
    if (f.length < 5) continue;
    const mp = f[4]!.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
    if (mp === p || mp.startsWith(p + "/")) out.push(mp);
  }
  return out;
}

/** live (non-zombie) conmon processes whose command line mentions `needle` */
export function conmonPids(needle: string): number[] {
  const pids: number[] = [];
  for (const ent of readdirSync("/proc")) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      const argv = readFileSync(`/proc/${ent}/cmdline`, "utf8").split("\0");
      if (!basename(argv[0] ?? "").startsWith("conmon")) continue;
      if (!argv.some((a) => a.includes(needle))) continue;
      const stat = readFileSync(`/proc/${ent}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      pids.push(Number(ent));
    } catch {}
  }
  return pids;
}

/** live processes other than us whose command line mentions `needle` (e.g. conmon's exit command) */
export function processesMentioning(needle: string): { pid: number; argv: string[] }[] {
  const out: { pid: number; argv: string[] }[] = [];
  for (const ent of readdirSync("/proc")) {
    if (!/^\d+$/.test(ent) || Number(ent) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${ent}/cmdline`, "utf8").split("\0");
      if (!argv.some((a) => a.includes(needle))) continue;
      const stat = readFileSync(`/proc/${ent}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      out.push({ pid: Number(ent), argv });
    } catch {}
  }
  return out;
}

/** polls `fn` until it returns a truthy value or `ms` elapse; returns the last value */
export async function waitFor<T>(fn: () => T | Promise<T>, ms = 10_000, step = 50): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!v && Date.now() < end) {
    await Bun.sleep(step);
    v = await fn();
  }
  return v;
}

/** the host's hard RLIMIT_NOFILE as seen by a shell (what containers inherit as ceiling) */
export function hostHardNofile(): number {
  const r = Bun.spawnSync({ cmd: ["sh", "-c", "ulimit -Hn"], stdout: "pipe" });
  const s = r.stdout.toString().trim();
  return s === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(s);
}

export function systemSetup(opts: { tls?: boolean; name?: string } = {}): SystemContext {
  const label = opts.name ?? "sys";
  const ctx = {} as SystemContext;
  const stores: { root: string; runroot: string }[] = [];

  ctx.writeRegistriesConf = (name, o) => {
    const lines = [`unqualified-search-registries = ${JSON.stringify(o.search ?? [])}`, ""];
    for (const h of o.insecure ?? []) {
      lines.push("[[registry]]", `location = ${JSON.stringify(h)}`, "insecure = true", "");
    }
    const p = join(ctx.tmp, name);
    writeFileSync(p, lines.join("\n"));
    return p;
  };

  ctx.newStore = (name) => {
    const s = { root: join(ctx.tmp, `${name}-root`), runroot: join(ctx.tmp, `${name}-run`) };
    stores.push(s);
    return s;
  };

  ctx.img = (name) => `${ctx.host}/${name}${name.includes(":") || name.includes("@") ? "" : ":latest"}`;

  ctx.tspod = async (args, o = {}) => {
    const store = o.store ?? { root: ctx.root, runroot: ctx.runroot };
    const argv = [TSPOD, "--root", store.root, "--runroot", store.runroot, ...args];
    const cmd = cmdString(["tspod", ...args]);
    const proc = Bun.spawn({
      cmd: argv,
      cwd: ctx.tmp,
      stdin: o.stdin !== undefined ? new TextEncoder().encode(o.stdin) : "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...process.env,
        CONTAINERS_REGISTRIES_CONF: ctx.defaultRegistriesConf,
        CONTAINERS_CONF: ctx.containersConf,
        REGISTRY_AUTH_FILE: join(ctx.tmp, "auth.json"),
        ...o.env,
      },
    });
    const timeout = o.timeout ?? 60_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill("SIGKILL");
    }, timeout);
    try {
      const [stdout, stderr, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      if (timedOut) {
        throw new Error(`\`${cmd}\` timed out after ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`);
      }
      return { code, stdout, stderr, out: stdout.replace(/\n+$/, ""), cmd };
    } finally {
      clearTimeout(timer);
    }
  };

  ctx.ok = async (args, o) => {
    const r = await ctx.tspod(args, o);
    if (r.code !== 0) {
      throw new Error(`\`${r.cmd}\` exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    }
    return r;
  };

  beforeAll(async () => {
    // keep it short: <runroot>/socket/<64-hex id>/attach must fit in sun_path (108 bytes);
    // long runroots are tested on purpose in run.test.ts
    ctx.tmp = mkdtempSync(join(tmpdir(), "tsys-"));
    ctx.root = join(ctx.tmp, "root");
    ctx.runroot = join(ctx.tmp, "run");
    mkdirSync(ctx.root);
    mkdirSync(ctx.runroot);
    stores.push({ root: ctx.root, runroot: ctx.runroot });
    ctx.defaultRegistriesConf = ctx.writeRegistriesConf("registries.conf", {});
    Object.assign(ctx, writeTestNetworkConfig(ctx.tmp));
    const [plain, tls] = await Promise.all([
      startRegistry(),
      opts.tls ? startRegistry({ tls: true }) : Promise.resolve(undefined),
    ]);
    ctx.registry = plain;
    ctx.host = plain.host;
    ctx.tlsRegistry = tls;
    await Promise.all([
      pushFixtureImages(plain.host),
      tls ? pushFixtureImages(tls.host, { tls: { certDir: tls.certDir! } }) : Promise.resolve(),
    ]);
  }, 180_000);

  afterAll(async () => {
    if (!ctx.tmp) return;
    const problems: string[] = [];
    try {
      for (const s of stores) {
        if (!existsSync(s.root)) continue;
        const r = await ctx.tspod(["rm", "-a", "-f"], { store: s, timeout: 60_000 }).catch((e) => ({
          code: -1, stdout: "", stderr: String(e), out: "", cmd: "tspod rm -a -f",
        }));
        if (r.code !== 0) problems.push(`\`rm -a -f\` on ${s.root} exited ${r.code}: ${r.stderr.trim()}`);
      }

      // conmon exits after the container does; give it (and its exit command) a moment
      const leftConmon = await waitFor(() => conmonPids(ctx.tmp).length === 0, 10_000)
        ? [] : conmonPids(ctx.tmp);
      if (leftConmon.length) {
        problems.push(`conmon processes left for ${ctx.tmp}: ${leftConmon.join(", ")}`);
        for (const pid of leftConmon) try { process.kill(pid, "SIGKILL"); } catch {}
      }

      // conmon's exit command (`tspod container cleanup`) may still be running: let it finish
      await waitFor(() => processesMentioning(ctx.tmp).length === 0, 10_000);
      const stragglers = processesMentioning(ctx.tmp).filter((p) => !leftConmon.includes(p.pid));
      if (stragglers.length) {
        problems.push(`processes still running for ${ctx.tmp}:\n  ${stragglers.map((p) => `${p.pid}: ${p.argv.join(" ")}`).join("\n  ")}`);
      }

      if (existsSync(`/sys/class/net/${ctx.defaultBridge}`)) problems.push(`bridge ${ctx.defaultBridge} of the default network was left behind`);
      const rules = leftoverFirewallRules(ctx.defaultSubnet);
      if (rules.length) problems.push(`firewall rules for ${ctx.defaultSubnet} left behind:\n  ${rules.join("\n  ")}`);
      const leftMounts = mountsUnder(ctx.tmp);
      if (leftMounts.length) {
        problems.push(`mounts left under ${ctx.tmp}:\n  ${leftMounts.join("\n  ")}`);
        // deepest first
        for (const mp of [...leftMounts].sort((a, b) => b.length - a.length)) {
          Bun.spawnSync({ cmd: ["umount", "-l", mp], stdout: "ignore", stderr: "ignore" });
        }
      }
    } finally {
      await Promise.all([ctx.registry?.stop(), ctx.tlsRegistry?.stop()]);
      if (mountsUnder(ctx.tmp).length === 0) rmSync(ctx.tmp, { recursive: true, force: true });
      else problems.push(`could not unmount everything under ${ctx.tmp}; left it in place`);
    }
    if (problems.length) {
      // fail loudly: bun reports an afterAll error as a failure of the file
      expect(problems).toEqual([]);
    }
  }, 120_000);

  return ctx;
}

/** parses JSON or fails with the text that did not parse */
export function parseJson<T = any>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message}):\n${text}`);
  }
}
