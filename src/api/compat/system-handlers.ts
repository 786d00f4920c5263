/** Docker's system routes: _ping, version, info, system/df. */
import os from "node:os";
import { createHash } from "node:crypto";
import type { ApiRequest } from "../api-request.ts";
import { DOCKER_API_VERSION, LIBPOD_API_VERSION, PODMAN_COMPAT_VERSION, TSPOD_VERSION } from "../../define/version.ts";
import type { InfoReport } from "../../define/system-types.ts";
import { dockerVolume } from "./volumes-handlers.ts";

export async function ping(r: ApiRequest): Promise<void> {
  r.reply.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
  r.reply.setHeader("Pragma", "no-cache");
  r.reply.setHeader("Docker-Experimental", "false");
  r.reply.setHeader("Builder-Version", "");
  r.reply.send(200, "OK");
}

const ARCH = process.arch === "x64" ? "amd64" : process.arch;

export async function version(r: ApiRequest): Promise<void> {
  // the host and binary versions do not change while the service runs (info() execs conmon and runc)
  const info = await r.cache.get("info", 60_000, () => r.engines.system.info());
  const built = new Date(0).toISOString();
  r.reply.json(200, {
    Platform: { Name: `linux/${ARCH}/${info.host.distribution.distribution}-${info.host.distribution.version}` },
    Components: [
      {
        Name: "Podman Engine",
        Version: PODMAN_COMPAT_VERSION,
        Details: {
          APIVersion: LIBPOD_API_VERSION,
          Arch: ARCH,
          BuildTime: built,
          Experimental: "false",
          GitCommit: "",
          GoVersion: `bun${Bun.version}`,
          KernelVersion: info.host.kernel,
          MinAPIVersion: "4.0.0",
          Os: "linux",
          TspodVersion: TSPOD_VERSION,
        },
      },
      { Name: "Conmon", Version: info.host.conmon.version, Details: { Package: info.host.conmon.package } },
      { Name: "OCI Runtime (runc)", Version: info.host.ociRuntime.version, Details: { Package: info.host.ociRuntime.package } },
    ],
    Version: PODMAN_COMPAT_VERSION,
    ApiVersion: DOCKER_API_VERSION,
    MinAPIVersion: "1.24",
    GitCommit: "",
    GoVersion: `bun${Bun.version}`,
    Os: "linux",
    Arch: ARCH,
    KernelVersion: info.host.kernel,
    BuildTime: built,
  });
}

/** Docker's daemon ID: stable for a store (Podman derives one the same way from its config). */
function daemonId(info: InfoReport): string {
  const h = createHash("sha256").update(info.store.graphRoot).digest("hex").toUpperCase();
  return Array.from({ length: 12 }, (_, i) => h.slice(i * 4, i * 4 + 4)).join(":");
}

export async function info(r: ApiRequest): Promise<void> {
  if (r.libpod) return r.reply.json(200, await r.engines.system.info());
  const i = await r.engines.system.info();
  const c = i.store.containerStore;
  r.reply.json(200, {
    ID: daemonId(i),
    Containers: c.number,
    ContainersRunning: c.running,
    ContainersPaused: c.paused,
    ContainersStopped: c.stopped,
    Images: i.store.imageStore.number,
    Driver: i.store.graphDriverName,
    DriverStatus: [["Backing Filesystem", "extfs"]],
    Plugins: { Volume: ["local"], Network: ["bridge", "host", "none"], Authorization: null, Log: ["k8s-file", "none", "passthrough"] },
    MemoryLimit: true,
    SwapLimit: true,
    KernelMemory: false,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    BridgeNfIptables: true,
    BridgeNfIp6tables: true,
    Debug: false,
    NFd: 0,
    OomKillDisable: true,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: "k8s-file",
    CgroupDriver: i.host.cgroupManager,
    CgroupVersion: i.host.cgroupVersion.replace(/^v/, ""),
    NEventsListener: 0,
    KernelVersion: i.host.kernel,
    OperatingSystem: i.host.distribution.distribution,
    OSVersion: i.host.distribution.version,
    OSType: "linux",
    Architecture: i.host.arch,
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: { AllowNondistributableArtifactsCIDRs: [], AllowNondistributableArtifactsHostnames: [], InsecureRegistryCIDRs: [], IndexConfigs: {}, Mirrors: [] },
    NCPU: i.host.cpus,
    MemTotal: i.host.memTotal,
    GenericResources: null,
    DockerRootDir: i.store.graphRoot,
    HttpProxy: "",
    HttpsProxy: "",
    NoProxy: "",
    Name: i.host.hostname,
    Labels: [],
    ExperimentalBuild: true,
    ServerVersion: PODMAN_COMPAT_VERSION,
    Runtimes: { [i.host.ociRuntime.name]: { path: i.host.ociRuntime.path } },
    DefaultRuntime: i.host.ociRuntime.name,
    Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: "",
    InitBinary: "",
    ContainerdCommit: { ID: "", Expected: "" },
    RuncCommit: { ID: "", Expected: "" },
    InitCommit: { ID: "", Expected: "" },
    SecurityOptions: ["name=seccomp,profile=default"],
    ProductLicense: "Apache-2.0",
    Warnings: [],
    Rootless: i.host.security.rootless,
    SwapFree: os.freemem(),
  });
}

export async function systemDf(r: ApiRequest): Promise<void> {
  const [images, containers, volumes] = await Promise.all([r.engines.images.list({ all: false }), r.engines.containers.list({ all: true, size: true }), r.engines.volumes.list([])]);
  const layersSize = images.reduce((n, i) => n + i.Size, 0);
  // volume name → containers using it
  const refs = new Map<string, number>();
  const inspected = containers.length ? await r.engines.containers.inspect(containers.map((c) => c.Id)).catch(() => []) : [];
  for (const c of inspected) for (const m of c.Mounts as { Type?: string; Name?: string }[]) if (m.Type === "volume" && m.Name) refs.set(m.Name, (refs.get(m.Name) ?? 0) + 1);
  r.reply.json(200, {
    LayersSize: layersSize,
    Images: images.map((i) => ({
      Containers: i.Containers,
      Created: i.Created,
      Id: `sha256:${i.Id}`,
      Labels: i.Labels ?? {},
      ParentId: i.ParentId,
      RepoDigests: i.RepoDigests ?? [],
      RepoTags: i.RepoTags ?? [],
      SharedSize: i.SharedSize,
      Size: i.Size,
      VirtualSize: i.VirtualSize,
    })),
    Containers: containers.map((c) => ({
      Id: c.Id,
      Names: c.Names.map((n) => `/${n}`),
      Image: c.Image,
      ImageID: c.ImageID,
      Command: c.Command.join(" "),
      Created: c.Created,
      State: c.State,
      Status: c.Status,
      SizeRw: c.Size?.rwSize ?? 0,
      SizeRootFs: c.Size?.rootFsSize ?? 0,
      Labels: c.Labels ?? {},
      Mounts: [],
    })),
    Volumes: volumes.map((v) => ({
      ...dockerVolume(v),
      // the size is not computed (Docker's -1: unknown)
      UsageData: { Size: -1, RefCount: refs.get(v.Name) ?? 0 },
    })),
    BuildCache: [],
  });
}

/** GET /plugins: no managed plugins (Docker answers an empty list). */
export async function plugins(r: ApiRequest): Promise<void> {
  r.reply.json(200, []);
}
