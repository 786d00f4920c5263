/** `wait`: block until a container reaches a state, then report its exit code (-1 if none applies). */
import { sleep } from "../../util/sleep.ts";
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import { isActive, syncExit } from "./container-sync.ts";
import { podmanStateName } from "./container-stop.ts";

/** The conditions Podman's `wait --condition` accepts. */
export const WAIT_CONDITIONS = ["configured", "created", "exited", "healthy", "initialized", "paused", "removing", "running", "stopped", "stopping", "unhealthy"] as const;

/** Waits until the container has exited and returns its exit code (also after a racing removal). */
export async function waitContainer(rt: Runtime, id: string, signal?: AbortSignal, intervalMs = 100): Promise<number> {
  let delay = 1;
  for (;;) {
    const code = rt.oci.readExitCode(rt.exitDir, id);
    const rec = rt.state.getContainer(id);
    // a restart policy may run the container again: only an exit that stays counts
    if (code !== undefined && !(rec && rec.config.restartPolicy && rec.config.restartPolicy !== "no" && isActive(rec))) return code;
    if (!rec) {
      if (code !== undefined) return code;
      const removed = rt.state.removedExitCode(id);
      if (removed !== undefined) return removed;
      throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
    }
    if (code === undefined && !isActive(rec) && rec.state.status !== "configured") return rec.state.exitCode;
    signal?.throwIfAborted();
    await sleep(delay);
    delay = Math.min(delay * 2, intervalMs);
  }
}

/** Waits for any of `conditions` (Podman's state words); returns the exit code, or -1 for a non-exit state. */
export async function waitCondition(rt: Runtime, id: string, conditions: string[], intervalMs: number, signal?: AbortSignal): Promise<number> {
  for (const c of conditions) {
    if (!(WAIT_CONDITIONS as readonly string[]).includes(c)) throw new TspodError("invalid_argument", `unknown condition ${c}`);
  }
  const exitWanted = conditions.length === 0 || conditions.some((c) => c === "exited" || c === "stopped");
  const others = conditions.filter((c) => c !== "exited" && c !== "stopped");
  if (others.length === 0) return waitContainer(rt, id, signal, intervalMs);
  for (;;) {
    const rec = rt.state.getContainer(id);
    if (!rec) {
      if (conditions.includes("removing")) return -1;
      if (exitWanted) return waitContainer(rt, id, signal, intervalMs);
      throw new TspodError("no_such_container", `no container with ID ${id} found in database`);
    }
    syncExit(rt, rec);
    const word = podmanStateName(rec.state.status);
    if (exitWanted && (rec.state.status === "exited" || rec.state.status === "stopped")) return rec.state.exitCode;
    if (others.includes(word) || others.includes(rec.state.status)) return -1;
    signal?.throwIfAborted();
    await sleep(intervalMs);
  }
}
