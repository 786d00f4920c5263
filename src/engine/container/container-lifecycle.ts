/**
 * Starting, cleaning up and removing containers. Every public operation takes the container's
 * lock, reloads its state, acts, and saves (libpod's container_api pattern).
 */
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TspodError } from "../../errors/tspod-error.ts";
import type { AttachIo, AttachSession } from "../../oci/oci-runtime.ts";
import type { Runtime } from "../runtime.ts";
import { ZERO_TIME, type ContainerRecord } from "./container-record.ts";
import { specToJson } from "../../spec/spec-json.ts";
import { writeContainerFiles } from "./container-files.ts";
import { isActive, mustGet, syncExit, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { processAlive } from "../../util/process-alive.ts";
import { startHealthTimer, stopHealthTimer } from "./container-health-timer.ts";

/** Mounts the rootfs, writes the bundle and has conmon create the container (state `created`). */
async function initContainer(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const { config, state } = rec;
  const image = rt.images.lookup(config.imageId);
  if (!image) throw new TspodError("no_such_image", `container ${config.id}: image ${config.imageId} is gone`);
  const bundle = rt.bundleDir(config.id);
  state.mountPoint = rt.rootfs.mount(config.id, rt.images.layerPaths(image));
  rt.log.debug(`mounted rootfs of ${config.id} at ${state.mountPoint}`);
  try {
    writeContainerFiles(bundle, config);
    fs.writeFileSync(path.join(bundle, "config.json"), specToJson(config.spec));
    // A container that ran before, or a start interrupted by a crash, leaves the runtime's state behind.
    if (rt.oci.hasState(config.id)) await rt.oci.delete(config.id, true);
    rt.log.debug(`starting conmon for ${config.id}`);
    const created = await rt.oci.create({
      id: config.id,
      name: config.name,
      bundle,
      exitDir: rt.exitDir,
      socketDir: rt.socketDir,
      logDriver: config.logDriver,
      logPath: config.logPath,
      exitCommand: rt.exitCommand(config.id),
      terminal: config.tty,
      stdin: config.interactive,
    });
    rt.log.debug(`${rt.oci.name} created ${config.id}, pid ${created.pid}`);
    state.status = "created";
    state.pid = created.pid;
    state.conmonPid = created.conmonPid;
    state.error = "";
    emitContainerEvent(rt, rec, "init");
  } catch (err) {
    rt.rootfs.unmount(config.id);
    state.mountPoint = "";
    state.status = "configured";
    state.error = (err as Error).message;
    throw err;
  }
}

/**
 * Starts a container; with `attach`, output is forwarded from before the process runs.
 * A running container is left as it is (Podman's `start` is idempotent).
 */
export async function startContainer(rt: Runtime, id: string, attach?: AttachIo): Promise<AttachSession | undefined> {
  return rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    syncExitLocked(rt, rec);
    if (rec.state.status === "running") return undefined;
    if (rec.state.status === "paused") throw new TspodError("ctr_state_invalid", `container ${id} is paused`);
    if (rec.state.status !== "created") {
      releaseResources(rt, rec);
      await initContainer(rt, rec);
      rt.state.saveState(id, rec.state);
    }
    const session = attach ? rt.oci.attach({ id, bundle: rt.bundleDir(id), socketDir: rt.socketDir }, attach) : undefined;
    try {
      await rt.oci.start(id);
    } catch (err) {
      session?.close();
      await rt.oci.delete(id, true);
      releaseResources(rt, rec);
      rec.state.status = "exited";
      rec.state.error = (err as Error).message;
      rt.state.saveState(id, rec.state);
      throw err;
    }
    rt.log.debug(`${rt.oci.name} started ${id}`);
    rec.state.status = "running";
    rec.state.startedAt = new Date().toISOString();
    rec.state.finishedAt = ZERO_TIME;
    rec.state.exitCode = 0;
    rt.state.saveState(id, rec.state);
    emitContainerEvent(rt, rec, "start");
    if (rec.config.healthcheck) startHealthTimer(rt, rec);
    if (attach) emitContainerEvent(rt, rec, "attach");
    return session;
  });
}

/** Sends a signal to a running container's process. */
export async function killContainer(rt: Runtime, id: string, signal: string): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    syncExit(rt, rec);
    if (rec.state.status !== "running" && rec.state.status !== "paused") {
      throw new TspodError("ctr_state_invalid", `can only kill running containers. ${id} is in state ${rec.state.status}`);
    }
    await rt.oci.kill(id, signal.replace(/^SIG/i, "").toUpperCase());
    emitContainerEvent(rt, rec, "kill");
  });
}

/** Unmounts the rootfs of a container that is not running. */
function releaseResources(rt: Runtime, rec: ContainerRecord): void {
  rt.rootfs.unmount(rec.config.id);
  rec.state.mountPoint = "";
}

/** conmon's exit command: record the exit code, free the runtime's state and the mounts, honour --rm. */
export async function cleanupContainer(rt: Runtime, id: string): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = rt.state.getContainer(id);
    if (!rec) {
      // Already removed (by `run --rm` in the foreground), which left the runtime's state to us.
      if (rt.oci.hasState(id)) await rt.oci.delete(id, true);
      rt.locks.forget(id);
      return;
    }
    syncExitLocked(rt, rec);
    if (isActive(rec)) return;
    await rt.oci.delete(id, true);
    releaseResources(rt, rec);
    rt.state.saveState(id, rec.state);
    if (rec.config.healthcheck) stopHealthTimer(rt, id);
    emitContainerEvent(rt, rec, "cleanup");
    if (rec.config.autoRemove) await removeLocked(rt, rec);
  });
}

export interface RemoveOptions {
  force: boolean;
  /**
   * The container has exited and conmon is about to run its exit command: leave `runtime
   * delete` to that `container cleanup` (it runs anyway), so `run --rm` returns sooner.
   */
  runtimeDeleteByCleanup?: boolean;
}

export async function removeContainer(rt: Runtime, id: string, opts: RemoveOptions): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = rt.state.getContainer(id);
    if (!rec) throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
    syncExitLocked(rt, rec);
    if (isActive(rec)) {
      if (!opts.force) {
        throw new TspodError(
          "ctr_state_invalid",
          `cannot remove container ${id} as it is ${rec.state.status} - running or paused containers cannot be removed without force`,
        );
      }
      await killAndWait(rt, rec);
    }
    await removeLocked(rt, rec, opts.runtimeDeleteByCleanup === true && rec.state.status === "exited");
  });
}

async function killAndWait(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const id = rec.config.id;
  try {
    await rt.oci.kill(id, "KILL", true);
  } catch {
    // already gone
  }
  const deadline = Date.now() + 5000;
  while (rt.oci.readExitCode(rt.exitDir, id) === undefined && Date.now() < deadline) {
    if (!processAlive(rec.state.conmonPid) && !processAlive(rec.state.pid)) break;
    await sleep(5);
  }
  syncExitLocked(rt, rec);
}

/** Removes everything of a container; the caller holds its lock. */
async function removeLocked(rt: Runtime, rec: ContainerRecord, leaveRuntimeDelete = false): Promise<void> {
  const id = rec.config.id;
  rt.log.debug(`removing container ${id}`);
  rec.state.status = "removing";
  if (rec.config.healthcheck) stopHealthTimer(rt, id);
  // The runtime's state and the container's storage are independent: free both at once.
  const deleting = leaveRuntimeDelete ? Promise.resolve() : rt.oci.delete(id, true);
  rt.rootfs.remove(id);
  await deleting;
  fs.rmSync(rt.bundleDir(id), { recursive: true, force: true });
  const exited = rec.state.finishedAt !== ZERO_TIME || rt.oci.readExitCode(rt.exitDir, id) !== undefined;
  rt.state.removeContainer(id, exited ? rec.state.exitCode : undefined);
  fs.rmSync(path.join(rt.exitDir, id), { force: true });
  rt.locks.forget(id);
  emitContainerEvent(rt, rec, "remove");
  rt.log.debug(`removed container ${id}`);
}

/** Waits until the container has exited and returns its exit code (also after a racing removal). */
export async function waitContainer(rt: Runtime, id: string, signal?: AbortSignal): Promise<number> {
  let delay = 1;
  for (;;) {
    const code = rt.oci.readExitCode(rt.exitDir, id);
    if (code !== undefined) return code;
    const rec = rt.state.getContainer(id);
    if (!rec) {
      const removed = rt.state.removedExitCode(id);
      if (removed !== undefined) return removed;
      throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
    }
    if (!isActive(rec) && rec.state.status !== "configured") return rec.state.exitCode;
    signal?.throwIfAborted();
    await sleep(delay);
    delay = Math.min(delay * 2, 100);
  }
}
