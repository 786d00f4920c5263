/**
 * Attaching a terminal or pipes to a container (run, start -a, attach): output from conmon's
 * attach socket, stdin with detach keys, the terminal size through conmon's control fifo.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { AttachStreams } from "../domain/container-engine.ts";
import type { AttachResult } from "../domain/container-lifecycle-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { AttachIo, AttachSession } from "../oci/oci-runtime.ts";
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from "../oci/detach-keys.ts";
import { startContainer } from "../engine/container/container-start.ts";
import { waitContainer } from "../engine/container/container-wait.ts";
import { mustGet, syncExit } from "../engine/container/container-sync.ts";

export interface AttachPlan {
  /** Start the container (run, start -a) rather than join a running one (attach). */
  start: boolean;
  /** Forward stdin (the container must have been created with -i). */
  stdin: boolean;
  detachKeys?: string;
}

export async function attachToContainer(rt: Runtime, id: string, io: AttachStreams, plan: AttachPlan, signal?: AbortSignal): Promise<AttachResult> {
  const rec = mustGet(rt, id);
  const keys = parseDetachKeys(plan.detachKeys ?? DEFAULT_DETACH_KEYS);
  const attachIo: AttachIo = { stdout: io.stdout, stderr: io.stderr };
  if (plan.stdin && rec.config.interactive && io.stdin) {
    attachIo.stdin = io.stdin;
    attachIo.detachKeys = keys;
  }
  const sizeTerminal = (bundle: string) => {
    if (!rec.config.tty || !io.terminalSize) return;
    const resize = () => {
      const size = io.terminalSize?.();
      if (size) rt.oci.resize(bundle, size.rows, size.cols);
    };
    resize();
    io.onResize?.(resize);
  };
  let session: AttachSession | undefined;
  if (plan.start) {
    session = await startContainer(rt, id, attachIo, sizeTerminal);
  } else {
    syncExit(rt, rec);
    if (rec.state.status !== "running") throw new TspodError("ctr_state_invalid", "you can only attach to running containers");
    const bundle = rt.bundleDir(id);
    session = rt.oci.attach({ id, bundle, socketDir: rt.socketDir }, attachIo);
    sizeTerminal(bundle);
  }
  io.onStarted?.(id);
  await session?.done;
  if (session?.detached) {
    rt.log.debug(`detached from ${id}`);
    return { id, detached: true };
  }
  rt.log.debug(`attach stream of ${id} ended`);
  const exitCode = await waitContainer(rt, id, signal);
  rt.log.debug(`container ${id} exited with ${exitCode}`);
  return { id, exitCode, detached: false };
}
