/**
 * Lifecycle operations on existing containers (stop, kill, restart, pause, init, attach, …),
 * apart from ContainerEngine's create/run/list/inspect so each interface stays small.
 */
import type { AttachStreams } from "./container-engine.ts";

/** Which containers an operation acts on: the names given, or all (optionally filtered). */
export interface ContainerTargets {
  nameOrIds: string[];
  all?: boolean;
  /** `--filter key=value` (id, name, label, status, until); only with `all` or no names. */
  filters?: string[];
  /** `--ignore`: names that do not exist are skipped instead of failing. */
  ignore?: boolean;
}

export interface LifecycleReport {
  id: string;
  /** The name or id the user gave (the id when acting on all). */
  requested: string;
  error?: Error;
}

export interface AttachOptions {
  /** `attach --no-stdin` / start without `-i`: do not forward stdin. */
  noStdin?: boolean;
  /** `--detach-keys`; default ctrl-p,ctrl-q; "" disables. */
  detachKeys?: string;
}

export interface AttachResult {
  id: string;
  /** The container's exit code, unless the user detached. */
  exitCode?: number;
  detached: boolean;
}

export interface ContainerUpdateOptions {
  cpus?: number;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  /** `512m`, `1g`, bytes */
  memory?: string;
  /** like memory; "-1" unlimited */
  memorySwap?: string;
  pidsLimit?: number;
  /** `no`, `on-failure[:N]`, `always`, `unless-stopped` */
  restart?: string;
}

export interface ContainerLifecycleEngine {
  stop(targets: ContainerTargets, timeout?: number): Promise<LifecycleReport[]>;
  /** `signal`: a name (TERM, SIGTERM) or a number. */
  kill(targets: ContainerTargets, signal: string): Promise<LifecycleReport[]>;
  /** `running`: only containers that run now. */
  restart(targets: ContainerTargets, timeout?: number, running?: boolean): Promise<LifecycleReport[]>;
  pause(targets: ContainerTargets): Promise<LifecycleReport[]>;
  unpause(targets: ContainerTargets): Promise<LifecycleReport[]>;
  init(targets: ContainerTargets): Promise<LifecycleReport[]>;
  /** Resolves names to start with `start --all/--filter`. */
  startTargets(targets: ContainerTargets): Promise<LifecycleReport[]>;
  /** `start -a`: start one container attached; returns its exit code unless detached. */
  startAttached(nameOrId: string, io: AttachStreams, opts: AttachOptions): Promise<AttachResult>;
  /** `attach` to a running container. */
  attach(nameOrId: string, io: AttachStreams, opts: AttachOptions): Promise<AttachResult>;
  rename(nameOrId: string, newName: string): Promise<void>;
  exists(nameOrId: string): Promise<boolean>;
  /** Removes stopped containers; returns their ids. */
  prune(filters: string[]): Promise<LifecycleReport[]>;
  update(nameOrId: string, opts: ContainerUpdateOptions): Promise<string>;
  /** `wait --condition`: one exit code (or -1) per container. */
  waitCondition(nameOrIds: string[], conditions: string[], intervalMs: number): Promise<number[]>;
}
