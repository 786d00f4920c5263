/**
 * RUN: the command runs for real in the step's rootfs through the OCI runtime (`runc run`,
 * like Buildah: no conmon, the build waits for it). The spec comes from the SpecGenerator with
 * the stage's env, user and working dir; RUN --mount and --network, `build --volume` and
 * secrets become mounts. Mount points the runtime had to create (e.g. /etc/hosts in an image
 * without one) are removed from the layer again afterwards.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { TspodError } from "../errors/tspod-error.ts";
import type { Runtime } from "../engine/runtime.ts";
import { generateSpec } from "../spec/generate-spec.ts";
import type { SpecNetwork } from "../spec/spec-options.ts";
import type { OciMount } from "../spec/oci-spec-types.ts";
import { specToJson } from "../spec/spec-json.ts";
import { readHostLimits } from "../config/host-limits.ts";
import { resolveInRoot } from "../storage/rootfs-path.ts";
import { lgetxattr } from "../util/libc.ts";

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface RunStep {
  argv: string[];
  env: Record<string, string>;
  imageEnv: string[];
  workdir: string;
  user: string;
  network: string;
  /** Extra mounts (RUN --mount, build --volume, secrets), already resolved to host paths. */
  mounts: OciMount[];
  rootfs: string;
  output: (data: Uint8Array, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
}

function networkSpec(mode: string): SpecNetwork {
  if (mode === "none") return { mode: "none" };
  if (mode === "host") return { mode: "host" };
  if (mode === "" || mode === "private" || mode === "bridge" || mode === "default" || mode === "slirp4netns" || mode === "pasta") return { mode: "private" };
  if (mode.startsWith("ns:")) return { mode: "path", path: mode.slice(3) };
  throw new TspodError("invalid_argument", `network mode "${mode}" is not supported for RUN`);
}

function readFile(root: string, p: string): string | undefined {
  try {
    return fs.readFileSync(resolveInRoot(root, p), "utf8");
  } catch {
    return undefined;
  }
}

function loadSeccomp(file: string): unknown {
  if (!file || file === "unconfined") return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Paths (and their missing parents) that do not exist in the rootfs yet, deepest last. */
function missingPaths(root: string, dests: string[]): string[] {
  const out = new Set<string>();
  for (const d of dests) {
    let cur = "/";
    for (const seg of d.split("/").filter(Boolean)) {
      cur = path.posix.join(cur, seg);
      if (!fs.existsSync(resolveInRoot(root, cur))) out.add(cur);
    }
  }
  return [...out].sort((a, b) => a.length - b.length);
}

/** Removes runtime-created empty mount points from the step's upper dir. */
export function removeMountPoints(upper: string, created: string[]): void {
  for (const p of [...created].reverse()) {
    const host = path.join(upper, p);
    const st = fs.lstatSync(host, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory() ? fs.readdirSync(host).length === 0 : st.isFile() && st.size === 0) fs.rmSync(host, { recursive: true, force: true });
  }
  // Directories copied up only to hold those mount points (e.g. /etc for /etc/hosts) go too.
  const parents = new Set(created.flatMap((p) => {
    const out: string[] = [];
    for (let d = path.posix.dirname(p); d !== "/"; d = path.posix.dirname(d)) out.push(d);
    return out;
  }));
  for (const d of [...parents].sort((a, b) => b.length - a.length)) {
    const host = path.join(upper, d);
    const st = fs.lstatSync(host, { throwIfNoEntry: false });
    if (st?.isDirectory() && fs.readdirSync(host).length === 0 && lgetxattr(host, "trusted.overlay.opaque") === undefined) fs.rmdirSync(host);
  }
}

/** Runs one RUN command; returns its exit code and the mount points to clean from the layer. */
export async function runStep(rt: Runtime, step: RunStep): Promise<{ code: number; createdMountPoints: string[] }> {
  const id = randomBytes(32).toString("hex");
  // `<pid>-<id>`: a later build can tell (and clean up) the runs of a killed build.
  const bundle = path.join(rt.settings.runroot, "build", `${process.pid}-${id}`);
  fs.mkdirSync(bundle, { recursive: true, mode: 0o700 });
  try {
    const hosts = path.join(bundle, "hosts");
    const hostname = id.slice(0, 12);
    fs.writeFileSync(hosts, `127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\t${hostname}\n`);
    const resolv = path.join(bundle, "resolv.conf");
    fs.writeFileSync(resolv, readHostResolv());
    const bind = (source: string, destination: string): OciMount => ({ destination, source, type: "bind", options: ["bind", "rprivate"] });
    const mounts = [bind(hosts, "/etc/hosts"), bind(resolv, "/etc/resolv.conf"), ...step.mounts];
    const created = missingPaths(step.rootfs, mounts.map((m) => m.destination));
    const conf = rt.settings.conf.containers;
    const { spec } = generateSpec({
      id,
      name: id,
      hostHostname: os.hostname(),
      imageConfig: { Env: step.imageEnv, WorkingDir: step.workdir, User: step.user },
      entrypoint: [],
      command: step.argv,
      env: step.env,
      workdir: step.workdir || "/",
      user: step.user,
      tty: false,
      stdin: false,
      network: networkSpec(step.network),
      rootfsPath: step.rootfs,
      extraMounts: mounts,
      cgroupsPath: `/tspod_parent/tspod-build-${id}`,
      defaults: { capabilities: conf.defaultCapabilities, ulimits: conf.defaultUlimits, env: [DEFAULT_PATH], pidsLimit: conf.pidsLimit, shmSize: conf.shmSize, sysctls: conf.defaultSysctls },
      hostLimits: readHostLimits(),
      seccompProfile: loadSeccomp(conf.seccompProfile),
      kernelVersion: os.release(),
      arch: process.arch,
      passwd: readFile(step.rootfs, "/etc/passwd"),
      group: readFile(step.rootfs, "/etc/group"),
    });
    fs.writeFileSync(path.join(bundle, "config.json"), specToJson(spec));
    const stateDir = path.join(rt.settings.runroot, rt.settings.runtimeName);
    const proc = Bun.spawn([rt.settings.runtimePath, "--root", stateDir, "run", "--bundle", bundle, id], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: rt.settings.env,
      signal: step.signal,
    });
    const pump = async (s: ReadableStream<Uint8Array>, which: "stdout" | "stderr") => {
      for await (const chunk of s) step.output(chunk, which);
    };
    const [, , code] = await Promise.all([pump(proc.stdout, "stdout"), pump(proc.stderr, "stderr"), proc.exited]);
    return { code, createdMountPoints: created };
  } finally {
    fs.rmSync(bundle, { recursive: true, force: true });
  }
}

function readHostResolv(): string {
  try {
    return fs.readFileSync("/etc/resolv.conf", "utf8");
  } catch {
    return "";
  }
}

/** Kills and deletes RUN containers that killed builds left running, and their bundle dirs. */
export async function sweepStaleRuns(rt: Runtime, alive: (pid: number) => boolean): Promise<void> {
  const dir = path.join(rt.settings.runroot, "build");
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const stateDir = path.join(rt.settings.runroot, rt.settings.runtimeName);
  for (const n of names) {
    const m = /^(\d+)-([0-9a-f]{64})$/.exec(n);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    const runtime = (args: string[]) => Bun.spawn([rt.settings.runtimePath, "--root", stateDir, ...args], { stdin: "ignore", stdout: "ignore", stderr: "ignore", env: rt.settings.env }).exited;
    await runtime(["kill", m[2]!, "KILL"]);
    await runtime(["delete", "--force", m[2]!]);
    fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  }
}
