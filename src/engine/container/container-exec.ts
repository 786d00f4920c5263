/**
 * Exec sessions (libpod's exec): a process started in a running container by the OCI runtime.
 * Each session has a directory `<bundle>/exec/<session id>/` holding its process spec and a
 * `session.json` (pid, command); inspect's ExecIDs lists the sessions whose process still runs,
 * and stale ones are removed when seen.
 */
import { processAlive } from "../../util/process-alive.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { randomHexId } from "../../util/random-id.ts";
import fs from "node:fs";
import path from "node:path";
import { secretEnv } from "../volume/container-volumes.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import type { ExecOptions, ExecResult } from "../../domain/container-exec-engine.ts";
import { RuntimeExec, type ExecPipes } from "../../oci/runtime-exec.ts";
import type { OciProcess } from "../../spec/oci-spec-types.ts";
import { ALL_CAPABILITIES } from "../../spec/capabilities.ts";
import { resolveUser } from "../../spec/resolve-user.ts";
import { resolveInRoot } from "../../storage/rootfs-path.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { mustGet, syncExit } from "./container-sync.ts";

interface SessionFile {
  id: string;
  pid: number;
  command: string[];
  detached: boolean;
}

function execDir(rt: Runtime, id: string): string {
  return path.join(rt.bundleDir(id), "exec");
}

function readFileIn(root: string, p: string): string | undefined {
  try {
    return fs.readFileSync(resolveInRoot(root, p), "utf8");
  } catch {
    return undefined;
  }
}

/** Environment: the container's, then the exec's (KEY=VALUE replaces, later wins). */
export function mergeExecEnv(base: string[], extra: string[]): string[] {
  const map = new Map<string, string>();
  for (const e of [...base, ...extra]) {
    const eq = e.indexOf("=");
    if (eq <= 0) continue;
    map.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return [...map].map(([k, v]) => `${k}=${v}`);
}

export function execProcess(rec: ContainerRecord, opts: ExecOptions, rootfs: string): OciProcess {
  const base = rec.config.spec.process;
  const proc: OciProcess = structuredClone(base);
  proc.args = opts.command;
  proc.terminal = opts.tty;
  delete proc.consoleSize;
  const extraEnv = opts.tty ? ["TERM=xterm", ...opts.env] : opts.env;
  proc.env = mergeExecEnv(base.env, extraEnv);
  if (opts.workdir) proc.cwd = opts.workdir;
  if (opts.user !== undefined && opts.user !== "") {
    const u = resolveUser(opts.user, readFileIn(rootfs, "/etc/passwd"), readFileIn(rootfs, "/etc/group"));
    proc.user = { ...proc.user, uid: u.uid, gid: u.gid, additionalGids: u.additionalGids };
    if (u.home) proc.env = mergeExecEnv(proc.env, [`HOME=${u.home}`]);
  }
  if (opts.privileged) {
    const all = [...ALL_CAPABILITIES];
    proc.capabilities = { bounding: all, effective: all, permitted: all, inheritable: [] };
    proc.noNewPrivileges = false;
  }
  return proc;
}


/** Live exec session ids of a container; sessions whose process is gone are removed. */
export function execSessionIds(rt: Runtime, id: string): string[] {
  const dir = execDir(rt, id);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const live: string[] = [];
  for (const name of names) {
    let s: SessionFile | undefined;
    try {
      s = JSON.parse(fs.readFileSync(path.join(dir, name, "session.json"), "utf8")) as SessionFile;
    } catch {
      s = undefined;
    }
    if (s && processAlive(s.pid)) live.push(s.id);
    else if (s) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
  return live;
}

/** What an API exec session adds: its own id (from exec create), pipes, and the process id. */
export interface ApiExecHooks {
  sessionId?: string;
  io?: ExecPipes;
  onPid?: (pid: number) => void;
}

export async function execInContainer(rt: Runtime, id: string, opts: ExecOptions, onStderr: (data: Uint8Array) => void, api?: ApiExecHooks): Promise<ExecResult> {
  if (opts.command.length === 0) throw new TspodError("invalid_argument", "must provide a non-empty command to start an exec session");
  const rec = await rt.locks.withLock(id, async () => {
    const r = mustGet(rt, id);
    if (syncExit(rt, r)) rt.state.saveState(id, r.state);
    return r;
  });
  if (rec.state.status !== "running") throw new TspodError("ctr_state_invalid", "can only create exec sessions on running containers");
  const sessionId = api?.sessionId ?? randomHexId();
  const sessionDir = path.join(execDir(rt, id), sessionId);
  const runtimeExec = new RuntimeExec({ path: rt.oci.path, stateDir: path.join(rt.settings.runroot, rt.settings.runtimeName), env: rt.settings.env });
  const proc = execProcess(rec, { ...opts, env: [...secretEnv(rt, rec.config), ...opts.env] }, rec.state.mountPoint || rt.rootfs.mountPoint(id));
  const writeSession = (pid: number) => {
    const s: SessionFile = { id: sessionId, pid, command: opts.command, detached: opts.detach };
    fs.writeFileSync(path.join(sessionDir, "session.json"), JSON.stringify(s));
  };
  try {
    const started = await runtimeExec.start(
      { containerId: id, sessionDir, process: proc, detach: opts.detach, stdin: opts.interactive, preserveFds: opts.preserveFds, detachKeys: opts.detachKeys, io: api?.io },
      onStderr,
    );
    writeSession(started.pid);
    api?.onPid?.(started.pid);
    emitContainerEvent(rt, rec, "exec", { Attributes: { ...rec.config.labels, execID: sessionId } });
    rt.log.debug(`exec session ${sessionId} in ${id}: pid ${started.pid}`);
    if (!started.exited) return { sessionId };
    const exitCode = await started.exited;
    fs.rmSync(sessionDir, { recursive: true, force: true });
    return { sessionId, exitCode };
  } catch (err) {
    fs.rmSync(sessionDir, { recursive: true, force: true });
    throw err;
  }
}
