/**
 * Reads conmon's SOCK_SEQPACKET attach socket with blocking reads, off the main thread (one
 * packet per read keeps the stream framing, which stream wrappers would merge). Each packet is
 * one byte naming the pipe (2 stdout, 3 stderr) followed by the data.
 */
import { readFd } from "../util/libc.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ fd: number }>) => {
  const fd = event.data.fd;
  const buf = new Uint8Array(8193);
  for (;;) {
    let n: number;
    try {
      n = readFd(fd, buf);
    } catch {
      n = 0;
    }
    if (n <= 0) break;
    self.postMessage({ pipe: buf[0], data: buf.slice(1, n) });
  }
  self.postMessage({ pipe: 0, data: null });
};
