/**
 * Bringing a container's runtime side up and down: mount the rootfs, write the bundle and have
 * conmon create it (Podman's `init`, state `created`, shown as "initialized"), and release it.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "./container-record.ts";
import { specToJson } from "../../spec/spec-json.ts";
import { joinContainerNamespaces } from "../../spec/spec-namespaces.ts";
import { writeContainerFiles } from "./container-files.ts";
import { mustGet, syncExit } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { setupContainerNetwork, teardownContainerNetwork, usesNetworks } from "../network/container-network.ts";
import { shareJoinedNetworkFiles } from "../network/network-join.ts";
import { releaseHostPorts, reserveHostPorts } from "../../network/port-reservation.ts";
import { prepareContainerMounts, releaseContainerMounts } from "../volume/container-volumes.ts";
import { applyIdMappings } from "./container-idmap.ts";
import { mountShm } from "./container-shm.ts";
import { mountCount } from "./container-mount.ts";

/** The pid of a running container (for joining its namespaces), else undefined. */
function runningPid(rt: Runtime, id: string): number | undefined {
  const rec = rt.state.getContainer(id);
  if (!rec) return undefined;
  syncExit(rt, rec);
  return rec.state.status === "running" || rec.state.status === "paused" ? rec.state.pid : undefined;
}

/**
 * Mounts the rootfs, writes the bundle and has conmon create the container; the caller holds the lock.
 *
 * netavark configures the container's network namespace while conmon and the runtime create the
 * container (the namespace file exists before either starts): the container's process cannot run
 * before `start`, and by then /etc/hosts and resolv.conf are rewritten in place with netavark's
 * result. Podman runs the two one after the other; together they are most of a start's time.
 */
export async function initLocked(rt: Runtime, rec: ContainerRecord): Promise<void> {
  const { config, state } = rec;
  const image = rt.images.lookup(config.imageId);
  if (!image) throw new TspodError("no_such_image", `container ${config.id}: image ${config.imageId} is gone`);
  const bundle = rt.bundleDir(config.id);
  state.mountPoint = rt.rootfs.mount(config.id, rt.images.layerPaths(image));
  rt.log.debug(`mounted rootfs of ${config.id} at ${state.mountPoint}`);
  let networkError: unknown;
  let netnsMade = () => {};
  const netnsReady = new Promise<void>((resolve) => (netnsMade = resolve));
  const networkReady = setupContainerNetwork(rt, rec, undefined, () => netnsMade()).catch((err: unknown) => {
    networkError = err ?? new Error("network setup failed");
  });
  let created: { pid: number; conmonPid: number } | undefined;
  try {
    writeContainerFiles(bundle, config, rec.state.net);
    shareJoinedNetworkFiles(rt, rec);
    applyIdMappings(rt, rec, state.mountPoint);
    mountShm(rt, rec);
    const spec = await prepareContainerMounts(rt, rec, state.mountPoint);
    if (networkError) throw networkError;
    fs.writeFileSync(path.join(bundle, "config.json"), specToJson(joinContainerNamespaces(spec, (other) => runningPid(rt, other))));
    // A container that ran before, or a start interrupted by a crash, leaves the runtime's state behind.
    if (rt.oci.hasState(config.id)) await rt.oci.delete(config.id, true);
    // the runtime joins the netns by path: it must exist (a user namespace's takes a moment)
    await Promise.race([netnsReady, networkReady]);
    if (networkError) throw networkError;
    rt.log.debug(`starting conmon for ${config.id}`);
    // Podman binds the published host ports and conmon holds them while the container lives
    const portFds = config.net?.ports.length && Object.keys(config.net.networks).length ? reserveHostPorts(config.net.ports) : [];
    created = await rt.oci.create({
      id: config.id,
      name: config.name,
      bundle,
      exitDir: rt.exitDir,
      socketDir: rt.socketDir,
      logDriver: config.logDriver,
      logPath: config.logPath,
      logTag: config.settings?.logTag,
      logSizeMax: config.settings?.logSizeMax,
      exitCommand: rt.exitCommand(config.id),
      terminal: config.tty,
      stdin: config.interactive,
      timeout: config.timeout,
      extraFds: portFds,
    }).finally(() => releaseHostPorts(portFds));
    await networkReady;
    if (networkError) throw networkError;
    if (usesNetworks(config)) writeContainerFiles(bundle, config, rec.state.net);
    rt.log.debug(`${rt.oci.name} created ${config.id}, pid ${created.pid}`);
    state.status = "created";
    state.pid = created.pid;
    state.conmonPid = created.conmonPid;
    state.error = "";
    emitContainerEvent(rt, rec, "init");
  } catch (err) {
    await networkReady;
    if (created) await rt.oci.delete(config.id, true).catch(() => undefined);
    teardownContainerNetwork(rt, rec);
    releaseContainerMounts(rt, config);
    rt.rootfs.unmount(config.id);
    state.mountPoint = "";
    state.status = "configured";
    state.error = (err as Error).message;
    throw err;
  }
}

/** Unmounts the rootfs of a container that is not running. */
export function releaseResources(rt: Runtime, rec: ContainerRecord): void {
  teardownContainerNetwork(rt, rec);
  releaseContainerMounts(rt, rec.config);
  // `mount`, `cp` or `export` may still hold the rootfs (they unmount it when done)
  if (mountCount(rt, rec.config.id) === 0) {
    rt.rootfs.unmount(rec.config.id);
    rec.state.mountPoint = "";
  }
}

/**
 * `tspod init`: create the runtime container without starting it. Like Podman, a container
 * that is already initialized is left alone, and a running one is an error.
 */
export async function initContainer(rt: Runtime, id: string): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExit(rt, rec)) rt.state.saveState(id, rec.state);
    const s = rec.state.status;
    if (s === "created") return;
    if (s === "running" || s === "paused") {
      throw new TspodError("ctr_state_invalid", `container ${id} has already been created in runtime`);
    }
    if (s === "exited" || s === "stopped") {
      await rt.oci.delete(id, true);
      releaseResources(rt, rec);
    }
    try {
      await initLocked(rt, rec);
    } finally {
      rt.state.saveState(id, rec.state);
    }
  });
}
