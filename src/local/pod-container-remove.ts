/**
 * `rm` of a pod's infra container: refused alone (the engine's error), but with `--all` or
 * `--depend` it removes the whole pod, as Podman does.
 */
import type { Runtime } from "../engine/runtime.ts";
import { removeContainer, type RemoveOptions } from "../engine/container/container-remove.ts";
import { removePod } from "../engine/pod/pod-remove.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

export async function removeContainerOrPod(rt: Runtime, id: string, opts: RemoveOptions, withPod: boolean): Promise<void> {
  const config = withPod ? rt.state.getContainer(id)?.config : undefined;
  if (!config?.isInfra || !config.pod) return removeContainer(rt, id, opts);
  try {
    await removePod(rt, config.pod, { force: opts.force, timeout: opts.timeout });
  } catch (err) {
    // the pod went meanwhile (a concurrent `pod rm`): so did its infra container
    if (!isErrorCode(err, "no_such_pod")) throw err;
  }
}
