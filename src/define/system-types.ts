/** `tspod version` and `tspod info` reports (Podman's casing). */

export interface VersionReport {
  Client: VersionInfo;
  Server?: VersionInfo;
}

export interface VersionInfo {
  APIVersion: string;
  Version: string;
  GoVersion: string;
  GitCommit: string;
  BuiltTime: string;
  Built: number;
  OsArch: string;
  Os: string;
}

export interface InfoReport {
  host: {
    arch: string;
    os: string;
    kernel: string;
    hostname: string;
    memTotal: number;
    memFree: number;
    cpus: number;
    cgroupManager: string;
    cgroupVersion: string;
    conmon: { path: string; package: string; version: string };
    ociRuntime: { name: string; path: string; package: string; version: string };
    distribution: { distribution: string; version: string; codename: string };
    uptime: string;
    security: { rootless: boolean; seccompEnabled: boolean; seccompProfilePath: string };
    [key: string]: unknown;
  };
  store: {
    configFile: string;
    graphRoot: string;
    runRoot: string;
    graphDriverName: string;
    containerStore: { number: number; running: number; stopped: number; paused: number };
    imageStore: { number: number };
    [key: string]: unknown;
  };
  registries: Record<string, unknown>;
  plugins: Record<string, unknown>;
  version: VersionInfo;
}
