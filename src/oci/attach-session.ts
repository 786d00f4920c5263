/** A connection to conmon's attach socket that forwards stdout and stderr packets. */
import fs from "node:fs";
import path from "node:path";
import { closeFd, connectUnix, SOCK_SEQPACKET } from "../util/libc.ts";
import type { AttachIo, AttachSession } from "./oci-runtime.ts";

const PIPE_STDOUT = 2;
const PIPE_STDERR = 3;
const MAX_SOCKET_PATH = 107;

/** conmon links `<socketDir>/<id>` to the bundle so long bundle paths still fit a sockaddr. */
export function attachSocketPath(bundle: string, socketDir: string, id: string): string {
  const direct = path.join(bundle, "attach");
  return direct.length <= MAX_SOCKET_PATH ? direct : path.join(socketDir, id, "attach");
}

/**
 * In the compiled binary the worker is its own entry point, addressed relative to the bundle
 * root (src/); run from source it sits next to this file.
 */
function attachWorkerUrl(): string {
  return import.meta.url.startsWith("file:///$bunfs/") ? "./oci/attach-worker.ts" : new URL("./attach-worker.ts", import.meta.url).href;
}

export function openAttachSession(socketPath: string, io: AttachIo): AttachSession {
  const fd = connectUnix(socketPath, SOCK_SEQPACKET);
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

export function socketExists(p: string): boolean {
  try {
    return fs.statSync(p).isSocket();
  } catch {
    return false;
  }
}
