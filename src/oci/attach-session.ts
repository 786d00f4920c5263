/** A connection to conmon's attach socket that forwards stdout and stderr packets. */
import fs from "node:fs";
import { closeFd, connectUnix, SOCK_SEQPACKET } from "../util/libc.ts";
import type { AttachIo, AttachSession } from "./oci-runtime.ts";

const PIPE_STDOUT = 2;
const PIPE_STDERR = 3;
/**
 * Connects to `<bundle>/attach` through `/proc/self/fd/<dirfd>/attach`, so the bundle path may be
 * longer than a sockaddr_un allows (as Podman does).
 */
function connectAttachSocket(bundle: string): number {
  const dirFd = fs.openSync(bundle, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    return connectUnix(`/proc/self/fd/${dirFd}/attach`, SOCK_SEQPACKET);
  } finally {
    fs.closeSync(dirFd);
  }
}

/**
 * In the compiled binary the worker is its own entry point, addressed relative to the bundle
 * root (src/); run from source it sits next to this file.
 */
function attachWorkerUrl(): string {
  return import.meta.url.startsWith("file:///$bunfs/") ? "./oci/attach-worker.ts" : new URL("./attach-worker.ts", import.meta.url).href;
}

export function openAttachSession(bundle: string, io: AttachIo): AttachSession {
  const fd = connectAttachSocket(bundle);
  const worker = new Worker(attachWorkerUrl());
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    worker.terminate();
    closeFd(fd);
  };
  const done = new Promise<void>((resolve) => {
    worker.onmessage = (event: MessageEvent<{ pipe: number; data: Uint8Array | null }>) => {
      const { pipe, data } = event.data;
      if (data === null) {
        finish();
        resolve();
      } else if (pipe === PIPE_STDOUT) io.stdout(data);
      else if (pipe === PIPE_STDERR) io.stderr(data);
    };
    worker.onerror = () => {
      finish();
      resolve();
    };
  });
  worker.postMessage({ fd });
  return { done, close: finish };
}
