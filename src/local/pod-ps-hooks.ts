/** What `ps` needs from pods: `--filter pod=NAME` by name too, and the PodName column. */
import type { ContainerListEntry } from "../define/container-types.ts";
import type { Runtime } from "../engine/runtime.ts";
import { StateDb } from "../engine/state/state-db.ts";

/** `pod=NAME` → `pod=<id>` (ids and id prefixes stay as they are). */
export function resolvePodFilters(rt: Runtime, filters: string[] | undefined): string[] | undefined {
  if (!filters?.some((f) => f.startsWith("pod="))) return filters;
  return filters.map((f) => {
    if (!f.startsWith("pod=")) return f;
    const value = f.slice(4);
    let id: string | undefined;
    try {
      id = rt.pods.lookupId(value);
    } catch {
      id = undefined;
    }
    return `pod=${id ?? value}`;
  });
}

/** Fills PodName for the entries of pod members. */
export function fillPodNames(rt: Runtime, entries: ContainerListEntry[]): void {
  if (!entries.some((e) => e.Pod) || !StateDb.exists(rt.settings.root)) return;
  const names = new Map(rt.pods.list().map((p) => [p.id, p.name]));
  for (const e of entries) if (e.Pod) e.PodName = names.get(e.Pod) ?? "";
}
