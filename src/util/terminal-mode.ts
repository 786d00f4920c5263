/**
 * Raw mode for a terminal the way Podman's term.MakeRaw sets it (cfmakeraw: no echo, no line
 * editing, no signals, and no output processing — Node's setRawMode keeps ONLCR, which doubles
 * the carriage returns a container's TTY already sends).
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const TCSANOW = 0;
/** sizeof(struct termios) on Linux (glibc), with room to spare. */
const TERMIOS_SIZE = 64;

function load() {
  return dlopen("libc.so.6", {
    tcgetattr: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    tcsetattr: { args: [FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    cfmakeraw: { args: [FFIType.ptr], returns: FFIType.void },
  }).symbols;
}

/** Puts `fd` into raw mode; returns a function restoring the previous mode (undefined if not a terminal). */
export function makeRaw(fd: number): (() => void) | undefined {
  const libc = load();
  const saved = new Uint8Array(TERMIOS_SIZE);
  if (libc.tcgetattr(fd, ptr(saved)) !== 0) return undefined;
  const raw = saved.slice();
  libc.cfmakeraw(ptr(raw));
  if (libc.tcsetattr(fd, TCSANOW, ptr(raw)) !== 0) return undefined;
  return () => {
    libc.tcsetattr(fd, TCSANOW, ptr(saved));
  };
}
