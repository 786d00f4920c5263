/**
 * `run`/`create` options → Podman's SpecGenerator (POST /libpod/containers/create). Options the
 * remote client cannot pass on yet are refused with a clear error rather than silently dropped.
 */
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import { addSpecExtras, EXTRA_FLAGS } from "./remote-create-extras.ts";

function keyValues(list: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf("=");
    if (i < 0) throw notSupportedRemotely(`${what} "${kv}" without a value`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function given(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "") return false;
  return !Array.isArray(v) || v.length > 0;
}

/** createFlags keys whose CLI flag is not just the key in kebab case. */
const FLAG_NAMES: Record<string, string> = { volumes: "volume", mounts: "mount", secrets: "secret", envFiles: "env-file", devices: "device", sysctls: "sysctl", labelFiles: "label-file", logOpts: "log-opt" };
const kebab = (k: string) => FLAG_NAMES[k] ?? k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** createFlags the SpecGenerator below carries. */
/** The CLI's defaults: a flag left at its default needs nothing from the service. */
const DEFAULTS: Record<string, unknown> = { cgroups: "enabled", imageVolume: "bind", readOnlyTmpfs: true };

const CARRIED = new Set(["init", "stopTimeout", "annotations", "cpuShares", "cpuQuota", "cpuPeriod", "pidsLimit", ...EXTRA_FLAGS]);

const RLIMIT = /^([a-z_]+)=(-?\d+)(?::(-?\d+))?$/;

export function specGenerator(o: ContainerCreateOptions, remove: boolean): Record<string, unknown> {
  for (const [k, v] of Object.entries(o.createFlags ?? {})) if (!CARRIED.has(k) && given(v) && DEFAULTS[k] !== v) throw notSupportedRemotely(`the --${kebab(k)} option`);
  const f = o.createFlags ?? {};
  const spec: Record<string, unknown> = {
    image: o.image,
    command: o.command.length ? o.command : undefined,
    entrypoint: o.entrypoint,
    name: o.name,
    env: keyValues(o.env, "environment variable"),
    work_dir: o.workdir,
    user: o.user,
    hostname: o.hostname,
    terminal: o.tty,
    stdin: o.interactive,
    remove,
    labels: keyValues(o.labels, "label"),
    cap_add: o.capAdd,
    cap_drop: o.capDrop,
    privileged: o.privileged,
    read_only_filesystem: o.readOnly,
    timeout: o.timeout,
    init: f.init || undefined,
    stop_timeout: f.stopTimeout,
    annotations: f.annotations?.length ? keyValues(f.annotations, "annotation") : undefined,
  };
  if (o.restart) {
    const [policy, tries] = o.restart.split(":");
    spec.restart_policy = policy;
    if (tries) spec.restart_tries = Number(tries);
  }
  if (o.ulimits.length) {
    spec.r_limits = o.ulimits.map((u) => {
      const m = RLIMIT.exec(u);
      if (!m) throw notSupportedRemotely(`ulimit "${u}"`);
      return { type: `RLIMIT_${m[1]!.toUpperCase()}`, soft: Number(m[2]), hard: Number(m[3] ?? m[2]) };
    });
  }
  const res: Record<string, unknown> = {};
  if (f.cpuShares || f.cpuQuota || f.cpuPeriod) res.cpu = { shares: f.cpuShares, quota: f.cpuQuota, period: f.cpuPeriod };
  if (f.pidsLimit) res.pids = { limit: f.pidsLimit };
  if (Object.keys(res).length) spec.resource_limits = res;
  addSpecExtras(o, spec);
  return spec;
}
