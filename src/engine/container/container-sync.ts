/** Looking up containers and reconciling their stored state with what conmon recorded. */
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord, ContainerSummary } from "./container-record.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { processAlive } from "../../util/process-alive.ts";

/** The exit code recorded when conmon died before it could write one (Podman uses -1 too). */
export const CONMON_LOST_EXIT_CODE = -1;

export function mustLookup(rt: Runtime, nameOrId: string): string {
  const id = rt.state.lookupContainerId(nameOrId);
  if (!id) throw new TspodError("no_such_container", `no container with name or ID "${nameOrId}" found`);
  return id;
}

export function mustGet(rt: Runtime, id: string): ContainerRecord {
  const rec = rt.state.getContainer(id);
  if (!rec) throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
  return rec;
}

export function isActive(rec: ContainerSummary): boolean {
  return rec.state.status === "running" || rec.state.status === "paused" || rec.state.status === "created";
}

/**
 * A container whose conmon already wrote an exit code is exited, even if `container cleanup`
 * has not recorded it yet. Returns true when the record changed (callers holding the lock save it).
 */
export function syncExit(rt: Runtime, rec: ContainerSummary): boolean {
  if (!isActive(rec)) return false;
  let code = rt.oci.readExitCode(rt.exitDir, rec.config.id);
  if (code === undefined) {
    // conmon was killed: no exit file will ever come. The container is gone once its process is
    // (Podman shows it running until then); read the exit file again in case conmon just wrote it.
    if (rec.state.conmonPid <= 0 || processAlive(rec.state.conmonPid) || processAlive(rec.state.pid)) return false;
    code = rt.oci.readExitCode(rt.exitDir, rec.config.id) ?? CONMON_LOST_EXIT_CODE;
  }
  rec.state.status = "exited";
  rec.state.exitCode = code;
  rec.state.pid = 0;
  if (rec.state.finishedAt === "0001-01-01T00:00:00Z") rec.state.finishedAt = new Date().toISOString();
  return true;
}

/** syncExit for callers holding the lock that will save or remove the record: also emits `died` once. */
export function syncExitLocked(rt: Runtime, rec: ContainerSummary): boolean {
  const changed = syncExit(rt, rec);
  if (changed) emitContainerEvent(rt, rec, "died", { ContainerExitCode: rec.state.exitCode });
  return changed;
}
