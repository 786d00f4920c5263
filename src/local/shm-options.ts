/** Which /dev/shm a new container binds: its own shareable one (`--ipc shareable`), or that of the container whose IPC namespace it joins. */
import type { Runtime } from "../engine/runtime.ts";
import type { OciMount } from "../spec/oci-spec-types.ts";
import type { SpecNamespaceMode } from "../spec/spec-options.ts";
import { boundShmDir, shmBindMount, shmDir } from "../engine/container/container-shm.ts";

export function shmExtraMounts(rt: Runtime, id: string, ipcFlag: string | undefined, ipc: SpecNamespaceMode | undefined): OciMount[] {
  if (ipcFlag === "shareable") return [shmBindMount(shmDir(rt, id))];
  if (ipc?.mode !== "container") return [];
  const other = rt.state.getContainer(ipc.id);
  const dir = other ? boundShmDir(other.config.spec) : undefined;
  return dir ? [shmBindMount(dir)] : [];
}
