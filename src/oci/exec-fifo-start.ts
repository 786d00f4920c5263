/**
 * Starts a created runc container the way `runc start` does, without running runc.
 *
 * After `runc create`, the container's init process waits, blocked opening
 * `<runc root>/<id>/exec.fifo` for writing, until someone opens the fifo for reading; it then
 * writes one byte and execs the container's process. `runc start` is exactly that — open, read
 * the byte, remove the fifo — after a status check (tspod's state machine has done it) and
 * poststart hooks (tspod's specs have none). Doing it here saves starting a Go binary (10–15 ms
 * on every start). When there is no fifo (another runtime, hooks, an old state) the caller falls
 * back to `<runtime> start`.
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import { processAlive } from "../util/process-alive.ts";
import { sleep, sleepSync } from "../util/sleep.ts";

const START_TIMEOUT_MS = 10_000;
const FINE_POLLS = 30;

/** Returns false when there is no exec fifo to start through (use `<runtime> start` instead). */
export async function startThroughExecFifo(stateDir: string, id: string, initPid: number): Promise<boolean> {
  const fifo = path.join(stateDir, id, "exec.fifo");
  let fd: number;
  try {
    if (!fs.lstatSync(fifo).isFIFO()) return false;
    // Non-blocking: a blocking open would hang forever if the init process had died.
    fd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
  try {
    const buf = Buffer.alloc(16);
    const deadline = Date.now() + START_TIMEOUT_MS;
    let polls = 0;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        n = -1; // the init process has the fifo open and is about to write
      }
      if (n > 0) break;
      // n === 0: no writer (yet, or any more: the init process died before exec)
      if (n === 0 && !processAlive(initPid)) {
        throw new TspodError("runtime", `container ${id} exited before it could be started`);
      }
      if (Date.now() > deadline) throw new TspodError("runtime", `timed out starting container ${id}`);
      // the init process writes within microseconds of our open: poll finely at first (a timer
      // tick is a millisecond or more), then back off
      if (++polls <= FINE_POLLS) sleepSync(0.1);
      else await sleep(1);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.unlinkSync(fifo);
  return true;
}
