/** Storing a new container: its record in the state database and its storage dirs. */
import type { Runtime } from "../runtime.ts";
import { initialState, type ContainerConfig } from "./container-record.ts";
import { emitContainerEvent } from "../events/container-events.ts";

export function createContainer(rt: Runtime, config: ContainerConfig): void {
  const rec = { config, state: initialState() };
  rt.state.addContainer(rec);
  try {
    rt.rootfs.prepare(config.id);
  } catch (err) {
    rt.state.removeContainer(config.id);
    throw err;
  }
  emitContainerEvent(rt, rec, "create");
}
