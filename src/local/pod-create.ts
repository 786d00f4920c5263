/**
 * Creating a pod: the record and, unless `--infra=false`, its infra container (from the
 * configured or `--infra-image`, else tspod's locally built catatonit image), both under the
 * pod's lock so no member can join a half-made pod. Also how members are created (`--pod`).
 */
import fs from "node:fs";
import { exactError, isErrorCode, TspodError } from "../errors/tspod-error.ts";
import type { ContainerCreateOptions } from "../domain/container-engine.ts";
import type { PodCreateOptions } from "../domain/pod-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import type { ContainerConfig } from "../engine/container/container-record.ts";
import { createContainer } from "../engine/container/container-create.ts";
import { removeContainer } from "../engine/container/container-remove.ts";
import { ensureContainerVolumes } from "../engine/volume/container-volumes.ts";
import { podLockKey, type PodConfig } from "../engine/pod/pod-record.ts";
import { mustGetPod } from "../engine/pod/pod-members.ts";
import { removePod } from "../engine/pod/pod-remove.ts";
import { applyPodCgroup, removePodCgroup } from "../engine/pod/pod-cgroup.ts";
import { emitPodEvent } from "../engine/pod/pod-events.ts";
import { buildContainerConfig } from "./container-options.ts";
import { ensureImage } from "./ensure-image.ts";
import { buildPodConfig } from "./pod-create-config.ts";
import { infraCreateOptions, memberCreateOptions, resolveNetworkContainer } from "./pod-container-options.ts";

export async function createPod(rt: Runtime, opts: PodCreateOptions, createCommand: string[]): Promise<PodConfig> {
  if (opts.replace && !opts.name) throw exactError("invalid_argument", "cannot replace pod without --name being set");
  const pod = buildPodConfig(opts, createCommand);
  if (opts.replace) {
    const existing = rt.pods.lookupId(pod.name);
    if (existing && rt.pods.get(existing)?.name === pod.name) await removePod(rt, existing, { force: true });
  }
  const configured = pod.infraImage || rt.settings.conf.engine.infraImage || "";
  // loaded only here: building the image needs the import code, which `run` should not load
  const infraImage = pod.infra && !configured ? await import("../engine/pod/pod-infra-image.ts") : undefined;
  const imageName = pod.infra ? configured || infraImage!.infraImageName() : "";
  // containers.conf's infra_command applies to a configured infra image (tspod's own runs catatonit)
  const confCommand = rt.settings.conf.engine.infraCommand;
  if (configured && pod.infraCommand.length === 0 && confCommand) pod.infraCommand = [confCommand];
  const image = !pod.infra ? undefined : configured ? await ensureImage(rt, configured, { policy: "missing" }) : await infraImage!.ensureLocalInfraImage(rt);
  await rt.locks.withLock(podLockKey(pod.id), async () => {
    rt.pods.add(pod);
    let infra: ContainerConfig | undefined;
    try {
      applyPodCgroup(pod);
      if (image) {
        const config = buildContainerConfig(rt, resolveNetworkContainer(rt, infraCreateOptions(pod, imageName)), image, createCommand);
        config.pod = pod.id;
        config.isInfra = true;
        createContainer(rt, config);
        infra = config;
        // the pod's volumes exist from its creation on, as in Podman (the infra container mounts them)
        await ensureContainerVolumes(rt, config);
        pod.infraId = config.id;
        rt.pods.update(pod);
      }
    } catch (err) {
      if (infra) await removeContainer(rt, infra.id, { force: true, byPod: true }).catch(() => undefined);
      rt.pods.remove(pod.id);
      removePodCgroup(pod);
      throw err;
    }
  });
  emitPodEvent(rt, pod, "create");
  if (opts.podIdFile) fs.writeFileSync(opts.podIdFile, pod.id);
  return pod;
}

/** The pod `--pod` names: `new:NAME` creates it (default settings). */
async function resolvePod(rt: Runtime, nameOrId: string, createCommand: string[]): Promise<string> {
  if (nameOrId.startsWith("new:")) {
    const pod = await createPod(rt, { name: nameOrId.slice(4), infra: true, publish: [], addHost: [], dns: [], dnsSearch: [], dnsOption: [], noHosts: false, labels: [], replace: false, volumes: [], devices: [], securityOpt: [] }, createCommand);
    return pod.id;
  }
  const id = rt.pods.lookupId(nameOrId);
  if (!id) throw new TspodError("no_such_pod", `no pod with name or ID ${nameOrId} found`);
  return id;
}

/**
 * Creates a container through `build` (which stores it): a pod member under the pod's lock,
 * with the pod's shared namespaces; any other container as it is.
 */
export async function createMaybeInPod(
  rt: Runtime,
  opts: ContainerCreateOptions,
  createCommand: string[],
  build: (opts: ContainerCreateOptions, tag: (config: ContainerConfig) => void) => ContainerConfig,
): Promise<ContainerConfig> {
  if (!opts.pod) return build(resolveNetworkContainer(rt, opts), () => undefined);
  const podId = await resolvePod(rt, opts.pod, createCommand);
  return rt.locks.withLock(podLockKey(podId), () => {
    let pod: PodConfig;
    try {
      pod = mustGetPod(rt, podId);
    } catch (err) {
      if (isErrorCode(err, "no_such_pod")) throw new TspodError("no_such_pod", `no pod with name or ID ${opts.pod} found`);
      throw err;
    }
    // the pod's cgroup (with its limits) may be gone since the pod was created (a reboot)
    applyPodCgroup(pod);
    return build(memberCreateOptions(pod, opts), (config) => {
      config.pod = podId;
    });
  });
}
