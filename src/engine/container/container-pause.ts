/** `pause` / `unpause`: the cgroup freezer through the OCI runtime. */
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { mustGet, syncExitLocked } from "./container-sync.ts";
import { emitContainerEvent } from "../events/container-events.ts";
import { podmanStateName } from "./container-stop.ts";

export async function pauseContainer(rt: Runtime, id: string): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    if (rec.state.status === "paused") throw new TspodError("ctr_state_invalid", `"${id}" is already paused, can't pause`);
    if (rec.state.status !== "running") {
      // Podman 4.3 quotes the state here, not the container
      throw new TspodError("ctr_state_invalid", `"${podmanStateName(rec.state.status)}" is not running, can't pause`);
    }
    await rt.oci.pause(id);
    rec.state.status = "paused";
    rt.state.saveState(id, rec.state);
    emitContainerEvent(rt, rec, "pause");
  });
}

export async function unpauseContainer(rt: Runtime, id: string): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExitLocked(rt, rec)) rt.state.saveState(id, rec.state);
    if (rec.state.status !== "paused") throw new TspodError("ctr_state_invalid", `"${id}" is not paused, can't unpause`);
    await rt.oci.resume(id);
    rec.state.status = "running";
    rt.state.saveState(id, rec.state);
    emitContainerEvent(rt, rec, "unpause");
  });
}
