/** Storing a new container: its record in the state database and its storage dirs. */
import type { Runtime } from "../runtime.ts";
import { initialState, type ContainerConfig } from "./container-record.ts";

export function createContainer(rt: Runtime, config: ContainerConfig): void {
  rt.state.addContainer({ config, state: initialState() });
  try {
    rt.rootfs.prepare(config.id);
  } catch (err) {
    rt.state.removeContainer(config.id);
    throw err;
  }
}
