/**
 * isatty(3) without loading node:tty (which pulls in Node's whole stream stack, a few ms on every
 * command): a file descriptor is a terminal when /proc says it is a tty or pty device.
 */
import fs from "node:fs";

const TERMINAL_DEVICE = /^\/dev\/(pts\/\d+|tty\w*|console|ptmx)$/;

export function isTerminal(fd: number): boolean {
  try {
    return TERMINAL_DEVICE.test(fs.readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    return false;
  }
}
