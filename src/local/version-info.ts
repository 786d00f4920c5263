/** tspod's version report (Podman's `version` shape). */
import type { VersionInfo } from "../define/system-types.ts";
import { LIBPOD_API_VERSION, TSPOD_VERSION } from "../define/version.ts";

export function clientVersion(): VersionInfo {
  return {
    APIVersion: LIBPOD_API_VERSION,
    Version: TSPOD_VERSION,
    GoVersion: `bun${Bun.version}`,
    GitCommit: "",
    BuiltTime: new Date(0).toUTCString(),
    Built: 0,
    OsArch: `linux/${process.arch === "x64" ? "amd64" : process.arch}`,
    Os: "linux",
  };
}
