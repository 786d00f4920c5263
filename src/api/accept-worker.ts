/**
 * Accepts connections on the listening socket systemd passed (blocking accept4, off the main
 * thread) and posts each connection's fd; posts -1 when the socket fails.
 */
import { acceptFd } from "../util/libc.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ fd: number }>) => {
  for (;;) {
    try {
      self.postMessage(acceptFd(event.data.fd));
    } catch {
      self.postMessage(-1);
      return;
    }
  }
};
