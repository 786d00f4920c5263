/**
 * Builds the remote engine set (the composition root's remote half, Podman's "tunnel"): each
 * domain interface implemented over the libpod API client. Methods a remote engine lacks fail
 * with "… is not supported in remote mode".
 */
import { ApiClient } from "../apiclient/api-client.ts";
import { parseApiAddress } from "../apiclient/api-address.ts";
import type { Engines } from "../domain/engines.ts";
import { remoteEngine } from "./remote-engine-base.ts";
import { RemoteContainerEngine } from "./remote-container-engine.ts";
import { RemoteEventsEngine } from "./remote-events-engine.ts";
import { RemoteExecEngine } from "./remote-exec-engine.ts";
import { RemoteFsEngine } from "./remote-fs-engine.ts";
import { RemoteBuildEngine } from "./remote-build-engine.ts";
import { RemoteImageEngine } from "./remote-image-engine.ts";
import { RemoteImageStoreEngine } from "./remote-image-store-engine.ts";
import type { RemoteIo } from "./remote-io.ts";
import { RemoteLifecycleEngine } from "./remote-lifecycle-engine.ts";
import { RemoteNetworkEngine } from "./remote-network-engine.ts";
import { RemotePodEngine } from "./remote-pod-engine.ts";
import { RemoteSystemEngine } from "./remote-system-engine.ts";
import { RemoteVolumeEngine } from "./remote-volume-engine.ts";

export function createRemoteEngines(target: { uri: string; identity?: string; knownHosts?: string }, io: RemoteIo): Engines {
  const api = new ApiClient(parseApiAddress(target.uri, target.identity, target.knownHosts), target.uri);
  const images = new RemoteImageEngine(api);
  const containers = new RemoteContainerEngine(api, images);
  return {
    containers: remoteEngine("container", containers),
    containerExec: remoteEngine("container", new RemoteExecEngine(api, io)),
    containerFs: remoteEngine("container", new RemoteFsEngine(api)),
    lifecycle: remoteEngine("container", new RemoteLifecycleEngine(api, containers)),
    images: remoteEngine("image", images),
    imageStore: remoteEngine("image", new RemoteImageStoreEngine(api)),
    archives: remoteEngine("image"),
    system: remoteEngine("system", new RemoteSystemEngine(api)),
    registries: remoteEngine("registry"),
    trust: remoteEngine("image trust"),
    events: remoteEngine("events", new RemoteEventsEngine(api)),
    health: remoteEngine("healthcheck"),
    networks: remoteEngine("network", new RemoteNetworkEngine(api)),
    builds: remoteEngine("build", new RemoteBuildEngine(api)),
    volumes: remoteEngine("volume", new RemoteVolumeEngine(api)),
    secrets: remoteEngine("secret"),
    pods: remoteEngine("pod", new RemotePodEngine(api)),
    streams: remoteEngine("container"),
  };
}
