/**
 * `pod clone` copies the pod's members too, as Podman 4.3 does: each member's stored config with
 * its own id, the source's pod, infra container and member ids swapped for the clone's
 * (namespaces, cgroup, paths, network join), fresh anonymous volumes, and the name
 * `<name>-clone` (then `-clone1`, `-clone2` … while taken).
 */
import { randomHexId } from "../util/random-id.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ContainerConfig } from "../engine/container/container-record.ts";
import { createContainer } from "../engine/container/container-create.ts";
import { ensureContainerVolumes } from "../engine/volume/container-volumes.ts";
import { podContainers } from "../engine/pod/pod-members.ts";
import { podLockKey, type PodConfig } from "../engine/pod/pod-record.ts";
import { podHostname } from "./pod-container-options.ts";

function cloneName(rt: Runtime, name: string): string {
  for (let i = 0; ; i++) {
    const candidate = `${name}-clone${i === 0 ? "" : i}`;
    if (!rt.state.lookupContainerId(candidate) || rt.state.getContainer(rt.state.lookupContainerId(candidate)!)?.config.name !== candidate) return candidate;
  }
}

/** The member's config with every id in `ids` (old → new) replaced, wherever it appears. */
export function rewriteIds(config: ContainerConfig, ids: Map<string, string>): ContainerConfig {
  let text = JSON.stringify(config);
  for (const [from, to] of ids) text = text.split(from).join(to);
  return JSON.parse(text) as ContainerConfig;
}

/** Creates the clones of `source`'s members in `target` (its infra container exists already); returns their ids. */
export async function cloneMembers(rt: Runtime, source: PodConfig, target: PodConfig): Promise<string[]> {
  // full records (listings leave the spec out)
  const members = podContainers(rt, source.id)
    .filter((r) => r.config.id !== source.infraId)
    .map((r) => rt.state.getContainer(r.config.id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .sort((a, b) => a.config.created.localeCompare(b.config.created));
  const ids = new Map<string, string>([[source.id, target.id]]);
  if (source.infraId && target.infraId) ids.set(source.infraId, target.infraId);
  for (const m of members) ids.set(m.config.id, randomHexId());
  // short ids (default hostnames, network aliases) follow their full ones
  for (const [from, to] of [...ids]) ids.set(from.slice(0, 12), to.slice(0, 12));
  const oldHost = podHostname(source);
  const newHost = podHostname(target);
  const created: string[] = [];
  await rt.locks.withLock(podLockKey(target.id), async () => {
    for (const m of members) {
      const fresh = new Map(ids);
      for (const mount of m.config.mounts ?? []) if (mount.type === "volume" && mount.anonymous && mount.name) fresh.set(mount.name, randomHexId());
      const config = rewriteIds(m.config, fresh);
      config.name = cloneName(rt, m.config.name);
      config.created = new Date().toISOString();
      config.pod = target.id;
      if (target.sharedNamespaces.includes("uts") && config.hostname === oldHost) {
        config.hostname = newHost;
        const env = (e: string) => (e === `HOSTNAME=${oldHost}` ? `HOSTNAME=${newHost}` : e);
        config.env = config.env.map(env);
        if (config.spec.process) config.spec.process.env = config.spec.process.env?.map(env);
      }
      createContainer(rt, config);
      await ensureContainerVolumes(rt, config);
      created.push(config.id);
    }
  });
  return created;
}
