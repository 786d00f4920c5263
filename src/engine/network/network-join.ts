/** `--network container:NAME`: the container shares the other one's /etc/hosts and resolv.conf. */
import fs from "node:fs";
import type { Runtime } from "../runtime.ts";
import type { ContainerRecord } from "../container/container-record.ts";
import { containerFilePaths } from "../container/container-files.ts";

export function shareJoinedNetworkFiles(rt: Runtime, rec: ContainerRecord): void {
  const other = rec.config.net?.joinContainer;
  if (!other) return;
  const from = containerFilePaths(rt.bundleDir(other));
  const to = containerFilePaths(rt.bundleDir(rec.config.id));
  for (const key of ["hosts", "resolvConf"] as const) {
    try {
      fs.copyFileSync(from[key], to[key]);
    } catch {
      // the other container has no files yet: keep ours
    }
  }
}
