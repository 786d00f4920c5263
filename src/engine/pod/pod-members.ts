/** Looking up pods and their containers. */
import fs from "node:fs";
import { TspodError } from "../../errors/tspod-error.ts";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { syncExit } from "../container/container-sync.ts";
import type { PodConfig } from "./pod-record.ts";

export function mustLookupPod(rt: Runtime, nameOrId: string): string {
  const id = rt.pods.lookupId(nameOrId);
  if (!id) throw new TspodError("no_such_pod", `no pod with name or ID ${nameOrId} found`);
  return id;
}

export function mustGetPod(rt: Runtime, id: string): PodConfig {
  const pod = rt.pods.get(id);
  if (!pod) throw new TspodError("no_such_pod", `no pod with ID ${id} found in database`);
  return pod;
}

/** A pod's containers (states reconciled with conmon's exit files), oldest first. */
export function podContainers(rt: Runtime, podId: string, summaries?: ContainerRecord[]): ContainerRecord[] {
  const all = summaries ?? rt.state.listContainerSummaries();
  const members = all.filter((r) => r.config.pod === podId);
  for (const r of members) syncExit(rt, r);
  return members.sort((a, b) => a.config.created.localeCompare(b.config.created));
}

/** Writes the infra container's conmon pid where `--infra-conmon-pidfile` asked for it. */
export function writeInfraConmonPid(rt: Runtime, pod: PodConfig): void {
  if (!pod.infraConmonPidFile || !pod.infraId) return;
  const rec = rt.state.getContainer(pod.infraId);
  if (rec && rec.state.conmonPid > 0) fs.writeFileSync(pod.infraConmonPidFile, `${rec.state.conmonPid}\n`);
}

/** After a member's start brought the pod's infra container up: its `--infra-conmon-pidfile`. */
export function infraStarted(rt: Runtime, podId: string): void {
  const pod = rt.pods.get(podId);
  if (pod) writeInfraConmonPid(rt, pod);
}
