/**
 * Resolves everything the local engine needs from global flags, containers.conf and the
 * environment: storage paths, the OCI runtime and conmon binaries. The only place besides the
 * other config/ files that reads process.env.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { loadContainersConf, type ContainersConf } from "./containers-conf.ts";
import { checkStorageDriver, storageConfDriver, type StorageDriverName } from "./storage-conf.ts";

export interface GlobalSettingsInput {
  root?: string;
  runroot?: string;
  runtime?: string;
  conmon?: string;
  logLevel?: string;
  storageDriver?: string;
}

export interface EngineSettings {
  root: string;
  runroot: string;
  /** Runtime name ("runc", "crun") and its binary */
  runtimeName: string;
  runtimePath: string;
  conmonPath: string;
  /** `--storage-driver`, else storage.conf's driver; undefined: overlay, falling back to vfs. */
  storageDriver?: StorageDriverName;
  conf: ContainersConf;
  /** Path of this tspod executable and the arguments to reach it (for conmon's exit command). */
  selfCommand: string[];
  logLevel: string;
  registriesConfPath?: string;
  env: NodeJS.ProcessEnv;
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** crun 1.8 refuses cgroup v1/v2 hybrid hosts; Podman's default (crun) is only safe on pure v2. */
function hostIsCgroupV2Unified(): boolean {
  return fs.existsSync("/sys/fs/cgroup/cgroup.controllers");
}

function resolveRuntime(conf: ContainersConf, requested: string): { name: string; path: string } {
  if (requested.includes("/")) {
    if (!firstExisting([requested])) throw new TspodError("config", `OCI runtime ${requested} not found or not executable`);
    return { name: path.basename(requested), path: requested };
  }
  if (requested) {
    const candidates = conf.engine.runtimes[requested];
    if (!candidates) throw new TspodError("config", `no OCI runtime named "${requested}" is configured in containers.conf`);
    const found = firstExisting(candidates);
    if (!found) throw new TspodError("config", `OCI runtime "${requested}" not found in ${candidates.join(", ")}`);
    return { name: requested, path: found };
  }
  const order = hostIsCgroupV2Unified() ? ["crun", "runc"] : ["runc", "crun"];
  for (const name of order) {
    const found = firstExisting(conf.engine.runtimes[name] ?? []);
    if (found) return { name, path: found };
  }
  throw new TspodError("config", "no OCI runtime found: install runc or crun");
}

function selfCommand(): string[] {
  // Compiled: process.execPath is bin/tspod. Run from source: `bun src/cli/main.ts`.
  const exe = process.execPath;
  if (path.basename(exe).startsWith("bun")) return [exe, path.resolve(process.argv[1]!)];
  return [exe];
}

export function resolveEngineSettings(input: GlobalSettingsInput, env: NodeJS.ProcessEnv = process.env): EngineSettings {
  const conf = loadContainersConf(env);
  const rootless = process.getuid?.() !== 0;
  const home = env.HOME ?? "/root";
  const root = path.resolve(input.root ?? (rootless ? path.join(env.XDG_DATA_HOME ?? path.join(home, ".local/share"), "tspod/storage") : "/var/lib/tspod"));
  const runroot = path.resolve(input.runroot ?? (rootless ? path.join(env.XDG_RUNTIME_DIR ?? `/tmp/tspod-run-${process.getuid?.()}`, "tspod") : "/run/tspod"));
  const runtime = resolveRuntime(conf, input.runtime ?? conf.engine.runtime);
  const conmonPath = input.conmon ?? firstExisting(conf.engine.conmonPath);
  if (!conmonPath) throw new TspodError("config", `could not find a working conmon binary (looked in ${conf.engine.conmonPath.join(", ")})`);
  return {
    root,
    runroot,
    runtimeName: runtime.name,
    runtimePath: runtime.path,
    conmonPath,
    storageDriver: input.storageDriver ? checkStorageDriver(input.storageDriver, "--storage-driver") : storageConfDriver(env),
    conf,
    selfCommand: selfCommand(),
    logLevel: input.logLevel ?? "warn",
    registriesConfPath: env.CONTAINERS_REGISTRIES_CONF,
    env,
  };
}
