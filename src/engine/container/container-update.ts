/** `rename` and `update`: changing a container's name, resources or restart policy after create. */
import { emitContainerEvent } from "../events/container-events.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import type { ResourceUpdate } from "../../oci/oci-runtime.ts";
import type { Runtime } from "../runtime.ts";
import { isValidContainerName } from "./container-names.ts";
import { mustGet, syncExit } from "./container-sync.ts";

export async function renameContainer(rt: Runtime, id: string, newName: string): Promise<void> {
  if (!isValidContainerName(newName)) throw new TspodError("invalid_argument", "names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    rt.state.renameContainer(id, newName);
    rec.config.name = newName;
    emitContainerEvent(rt, rec, "rename");
  });
}

export interface ContainerUpdate {
  resources: ResourceUpdate;
  restartPolicy?: string;
  restartRetries?: number;
}

/** Stores the new limits in the container's spec (used from the next start) and applies them now when it runs. */
export async function updateContainer(rt: Runtime, id: string, upd: ContainerUpdate): Promise<void> {
  await rt.locks.withLock(id, async () => {
    const rec = mustGet(rt, id);
    if (syncExit(rt, rec)) rt.state.saveState(id, rec.state);
    const r = upd.resources;
    const linux = (rec.config.spec.linux ??= { namespaces: [] });
    const res = (linux.resources ??= {});
    if (r.cpuQuota !== undefined || r.cpuPeriod !== undefined || r.cpuShares !== undefined) {
      res.cpu = { ...res.cpu };
      if (r.cpuQuota !== undefined) res.cpu.quota = r.cpuQuota;
      if (r.cpuPeriod !== undefined) res.cpu.period = r.cpuPeriod;
      if (r.cpuShares !== undefined) res.cpu.shares = r.cpuShares;
    }
    if (r.memory !== undefined || r.memorySwap !== undefined) {
      res.memory = { ...res.memory };
      if (r.memory !== undefined) res.memory.limit = r.memory;
      if (r.memorySwap !== undefined) res.memory.swap = r.memorySwap;
    }
    if (r.pidsLimit !== undefined) res.pids = { limit: r.pidsLimit };
    // inspect shows the create-time values recorded in settings: keep them current, as Podman does
    const st = rec.config.settings;
    if (st) {
      if (r.cpuShares !== undefined) st.cpuShares = r.cpuShares;
      if (r.cpuQuota !== undefined) st.cpuQuota = r.cpuQuota;
      if (r.cpuPeriod !== undefined) st.cpuPeriod = r.cpuPeriod;
      if (r.cpuQuota !== undefined || r.cpuPeriod !== undefined) {
        const quota = res.cpu?.quota ?? 0;
        const period = res.cpu?.period ?? 0;
        st.nanoCpus = quota > 0 && period > 0 ? Math.round((quota / period) * 1e9) : 0;
      }
      if (r.memory !== undefined) st.memory = r.memory;
      if (r.memorySwap !== undefined) st.memorySwap = r.memorySwap;
      if (r.pidsLimit !== undefined) st.pidsLimit = r.pidsLimit;
    }
    if (upd.restartPolicy !== undefined) {
      rec.config.restartPolicy = upd.restartPolicy;
      rec.config.restartRetries = upd.restartRetries ?? 0;
    }
    if (Object.keys(r).length > 0 && (rec.state.status === "running" || rec.state.status === "paused" || rec.state.status === "created")) {
      await rt.oci.update(id, r);
    }
    rt.state.updateConfig(rec.config);
  });
}
