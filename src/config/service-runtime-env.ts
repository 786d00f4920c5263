/**
 * The environment `system service` runs under. A long-lived service spends much of its memory on
 * JSC's JIT tiers (compiled code and compiler memory) and on freed pages the allocator keeps.
 * Measured here under 16 clients: 80–88 MiB RSS with every tier, 56–66 MiB with the interpreter
 * only, at about the same containers/json rate (the work is in SQLite and the store). The JIT itself
 * stays enabled: bun:ffi (conmon's socket, flock, mounts) needs it. JSC reads its options when it
 * starts, so the service re-executes itself once with them; a BUN_JSC_useBaselineJIT the user set wins.
 */
import { socketActivationFds } from "./socket-activation.ts";

/** systemd's listening sockets, which must survive the re-exec (the variables stay set for it). */
export function inheritedListenFds(): number[] {
  return socketActivationFds({ ...process.env });
}

export function serviceTuningEnv(): Record<string, string> | undefined {
  if (process.env.BUN_JSC_useBaselineJIT !== undefined) return undefined;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.BUN_JSC_useBaselineJIT = "0";
  env.BUN_JSC_useDFGJIT ??= "0";
  env.BUN_JSC_useFTLJIT ??= "0";
  // freed allocator pages go back to the system at once
  env.MIMALLOC_PURGE_DELAY ??= "0";
  return env;
}
