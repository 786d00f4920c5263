/**
 * A connection to conmon's attach socket: stdout and stderr packets come back (a worker reads
 * them), stdin chunks go out as plain packets, and the end of stdin shuts the socket's write
 * side so conmon closes the container's stdin (as Podman's CloseWrite does).
 */
import fs from "node:fs";
import { closeFd, connectUnix, SHUT_RDWR, SHUT_WR, shutdownFd, SOCK_SEQPACKET, writeFd } from "../util/libc.ts";
import type { AttachIo, AttachSession } from "./oci-runtime.ts";
import { DetachKeyMatcher } from "./detach-keys.ts";

const PIPE_STDOUT = 2;
const PIPE_STDERR = 3;
/** conmon reads at most this much per packet from the attach socket. */
const MAX_PACKET = 8192;

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

class SocketAttachSession implements AttachSession {
  readonly done: Promise<void>;
  detached = false;
  private closed = false;
  private readonly worker: Worker;
  private resolveDone!: () => void;

  constructor(
    private readonly fd: number,
    private readonly io: AttachIo,
  ) {
    this.worker = new Worker(attachWorkerUrl());
    this.done = new Promise<void>((resolve) => {
      this.resolveDone = resolve;
    });
    this.worker.onmessage = (event: MessageEvent<{ pipe: number; data: Uint8Array | null }>) => {
      const { pipe, data } = event.data;
      if (data === null) this.finish();
      else if (pipe === PIPE_STDOUT) io.stdout(data);
      else if (pipe === PIPE_STDERR) io.stderr(data);
    };
    this.worker.onerror = () => this.finish();
    this.worker.postMessage({ fd });
    if (io.stdin) void this.pumpStdin(io.stdin);
  }

  private async pumpStdin(input: AsyncIterable<Uint8Array>): Promise<void> {
    const matcher = new DetachKeyMatcher(this.io.detachKeys ?? new Uint8Array(0));
    try {
      for await (const chunk of input) {
        if (this.closed) return;
        const { forward, detach } = matcher.push(chunk);
        for (let off = 0; off < forward.length; off += MAX_PACKET) writeFd(this.fd, forward.subarray(off, off + MAX_PACKET));
        if (detach) {
          this.detached = true;
          this.finish();
          return;
        }
      }
      if (!this.closed) shutdownFd(this.fd, SHUT_WR);
    } catch {
      // the container went away while we were writing; the output side reports the end
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // wakes the worker's blocking read (close alone does not)
      shutdownFd(this.fd, SHUT_RDWR);
    } catch {
      // already disconnected
    }
    this.worker.terminate();
    closeFd(this.fd);
    this.resolveDone();
  }

  close(): void {
    this.finish();
  }
}

export function openAttachSession(bundle: string, io: AttachIo): AttachSession {
  return new SocketAttachSession(connectAttachSocket(bundle), io);
}
