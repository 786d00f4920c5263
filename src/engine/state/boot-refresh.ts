/**
 * State recovery after a reboot (libpod's refresh): the run root lives on a tmpfs, so a missing
 * `<runroot>/alive` marker means nothing from the previous boot still runs. The first tspod
 * process of a boot resets every container that was created, running or paused — running and
 * paused ones become exited, created ones configured — and unmounts leftover root filesystems,
 * then writes the marker. Other processes wait on `<runroot>/alive.lck` meanwhile.
 */
import fs from "node:fs";
import path from "node:path";
import { flock, LOCK_EX, LOCK_UN } from "../../util/libc.ts";
import type { StateDb } from "./state-db.ts";
import { ZERO_TIME } from "../container/container-record.ts";

export interface BootRefreshHooks {
  unmount(id: string): void;
  /** Called for every container whose state was reset. */
  onReset?(id: string): void;
}

export function refreshAfterBoot(db: StateDb, runroot: string, hooks: BootRefreshHooks): void {
  const marker = path.join(runroot, "alive");
  if (fs.existsSync(marker)) return;
  fs.mkdirSync(runroot, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(runroot, "alive.lck"), fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    flock(fd, LOCK_EX);
    if (fs.existsSync(marker)) return;
    const now = new Date().toISOString();
    for (const rec of db.listContainers()) {
      const s = rec.state;
      if (s.status === "configured" || s.status === "exited" || s.status === "stopped") {
        if (!s.mountPoint) continue;
      } else if (s.status === "created") {
        s.status = "configured";
      } else {
        s.status = "exited";
        if (s.finishedAt === ZERO_TIME) s.finishedAt = now;
      }
      hooks.unmount(rec.config.id);
      s.pid = 0;
      s.conmonPid = 0;
      s.mountPoint = "";
      db.saveState(rec.config.id, s);
      hooks.onReset?.(rec.config.id);
    }
    fs.writeFileSync(marker, "");
  } finally {
    try {
      flock(fd, LOCK_UN);
    } finally {
      fs.closeSync(fd);
    }
  }
}
