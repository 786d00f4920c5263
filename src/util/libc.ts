/**
 * The few libc calls Node's fs cannot make, through bun:ffi. Loaded lazily so commands that
 * never need them pay nothing at start-up.
 */
import { dlopen, FFIType, ptr, read as ffiRead, type Pointer } from "bun:ffi";

const { i32, u32, u64, ptr: P, i64 } = FFIType;

function load() {
  return dlopen("libc.so.6", {
    flock: { args: [i32, i32], returns: i32 },
    mount: { args: [P, P, P, u64, P], returns: i32 },
    umount2: { args: [P, i32], returns: i32 },
    mknod: { args: [P, u32, u64], returns: i32 },
    lsetxattr: { args: [P, P, P, u64, i32], returns: i32 },
    lgetxattr: { args: [P, P, P, u64], returns: i64 },
    llistxattr: { args: [P, P, u64], returns: i64 },
    socket: { args: [i32, i32, i32], returns: i32 },
    connect: { args: [i32, P, u32], returns: i32 },
    read: { args: [i32, P, u64], returns: i64 },
    write: { args: [i32, P, u64], returns: i64 },
    close: { args: [i32], returns: i32 },
    pipe2: { args: [P, i32], returns: i32 },
    shutdown: { args: [i32, i32], returns: i32 },
    accept4: { args: [i32, P, P, i32], returns: i32 },
    bind: { args: [i32, P, u32], returns: i32 },
    listen: { args: [i32, i32], returns: i32 },
    setsockopt: { args: [i32, i32, i32, P, u32], returns: i32 },
    fcntl: { args: [i32, i32, i32], returns: i32 },
    execve: { args: [P, P, P], returns: i32 },
    unshare: { args: [i32], returns: i32 },
    setns: { args: [i32, i32], returns: i32 },
    ioctl: { args: [i32, u64, P], returns: i32 },
    __errno_location: { args: [], returns: P },
    strerror: { args: [i32], returns: FFIType.cstring },
    _exit: { args: [i32], returns: FFIType.void },
  }).symbols;
}

let libc: ReturnType<typeof load> | undefined;
function sym() {
  return (libc ??= load());
}

export function cstr(s: string): Buffer {
  return Buffer.from(s + "\0", "utf8");
}

export function errno(): number {
  const p = sym().__errno_location() as Pointer;
  return ffiRead.i32(p, 0);
}

export class LibcError extends Error {
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    super(`${call}: ${String(sym().strerror(errno))}`);
    this.name = "LibcError";
  }
}

function check(call: string, rc: number | bigint): number {
  const n = Number(rc);
  if (n < 0) throw new LibcError(call, errno());
  return n;
}

export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
export const EWOULDBLOCK = 11;
export const EAGAIN = 11;
export const EINTR = 4;
export const EINVAL = 22;
export const ENOENT = 2;
export const EPERM = 1;
export const ENODEV = 19;
export const ERANGE = 34;

export function flock(fd: number, op: number): void {
  for (;;) {
    const rc = sym().flock(fd, op);
    if (rc === 0) return;
    const e = errno();
    if (e !== EINTR) throw new LibcError("flock", e);
  }
}

export const MS_RDONLY = 1;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MNT_DETACH = 2;

export function mount(source: string, target: string, fstype: string, flags: number, data: string): void {
  check("mount", sym().mount(cstr(source), cstr(target), cstr(fstype), BigInt(flags), cstr(data)));
}

export function umount2(target: string, flags: number): void {
  check("umount2", sym().umount2(cstr(target), flags));
}

export const CLONE_NEWNET = 0x40000000;

/** unshare(2) for the calling thread (network namespaces are per thread). */
export function unshare(flags: number): void {
  check("unshare", sym().unshare(flags));
}

export function setns(fd: number, nstype: number): void {
  check("setns", sym().setns(fd, nstype));
}

/** ioctl(2) with a pointer argument (the struct is read and written in place). */
export function ioctl(fd: number, request: number, arg: Uint8Array): void {
  check("ioctl", sym().ioctl(fd, BigInt(request), ptr(arg)));
}

export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
}

export function mknod(path: string, mode: number, dev: bigint): void {
  check("mknod", sym().mknod(cstr(path), mode, dev));
}

export function lsetxattr(path: string, name: string, value: Uint8Array): void {
  const buf = Buffer.from(value);
  check("lsetxattr", sym().lsetxattr(cstr(path), cstr(name), buf.length ? buf : Buffer.alloc(1), BigInt(buf.length), 0));
}

/** lgetxattr(2): the value, or undefined when the attribute is absent or unsupported. */
export function lgetxattr(path: string, name: string): Uint8Array | undefined {
  let buf = Buffer.alloc(256);
  let n = Number(sym().lgetxattr(cstr(path), cstr(name), buf, BigInt(buf.length)));
  if (n < 0 && errno() === ERANGE) {
    // Larger than the first guess (ACLs): ask for the size, then read it.
    const size = Number(sym().lgetxattr(cstr(path), cstr(name), null, 0n));
    if (size < 0) return undefined;
    buf = Buffer.alloc(size || 1);
    n = Number(sym().lgetxattr(cstr(path), cstr(name), buf, BigInt(buf.length)));
  }
  return n < 0 ? undefined : new Uint8Array(buf.subarray(0, n));
}

/** llistxattr(2): the attribute names of a path (not following a final symlink); [] when unsupported. */
export function llistxattr(path: string): string[] {
  const p = cstr(path);
  const size = Number(sym().llistxattr(p, null, 0n));
  if (size <= 0) return [];
  const buf = Buffer.alloc(size);
  const n = Number(sym().llistxattr(p, buf, BigInt(size)));
  if (n <= 0) return [];
  return buf.subarray(0, n).toString("utf8").split("\0").filter((s) => s !== "");
}

export const AF_UNIX = 1;
export const SOCK_SEQPACKET = 5;
export const SOCK_CLOEXEC = 0o2000000;

/** Opens a unix socket of the given type connected to `path`; returns the fd. */
/** A socket of `domain`/`type` (close-on-exec). */
export function socketFd(domain: number, type: number): number {
  return check("socket", sym().socket(domain, type | SOCK_CLOEXEC, 0));
}

export function connectUnix(path: string, type: number): number {
  const fd = check("socket", sym().socket(AF_UNIX, type | SOCK_CLOEXEC, 0));
  const addr = Buffer.alloc(110);
  addr.writeUInt16LE(AF_UNIX, 0);
  const p = Buffer.from(path, "utf8");
  if (p.length > 107) {
    sym().close(fd);
    throw new Error(`socket path too long: ${path}`);
  }
  p.copy(addr, 2);
  const rc = sym().connect(fd, addr, 2 + p.length + 1);
  if (rc < 0) {
    const e = errno();
    sym().close(fd);
    throw new LibcError("connect", e);
  }
  return fd;
}

/** Blocking read; returns the number of bytes read (0 at end of stream). */
export function readFd(fd: number, buf: Uint8Array): number {
  for (;;) {
    const n = Number(sym().read(fd, ptr(buf), BigInt(buf.length)));
    if (n >= 0) return n;
    const e = errno();
    if (e !== EINTR) throw new LibcError("read", e);
  }
}

export function writeFd(fd: number, buf: Uint8Array): number {
  if (buf.length === 0) return 0;
  return check("write", sym().write(fd, ptr(buf), BigInt(buf.length)));
}

export const O_CLOEXEC = 0o2000000;

/** pipe2(2): returns [readEnd, writeEnd]. */
export function pipe(flags = O_CLOEXEC): [number, number] {
  const fds = new Int32Array(2);
  check("pipe2", sym().pipe2(ptr(fds), flags));
  return [fds[0]!, fds[1]!];
}

export function closeFd(fd: number): void {
  sym().close(fd);
}

/** Blocking accept4(2) on a listening socket; returns the connection's fd (close-on-exec). */
export function acceptFd(fd: number): number {
  for (;;) {
    const rc = sym().accept4(fd, null, null, SOCK_CLOEXEC);
    if (rc >= 0) return rc;
    const e = errno();
    if (e !== EINTR) throw new LibcError("accept4", e);
  }
}

export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

/** shutdown(2): e.g. SHUT_WR tells the peer no more data comes (conmon then closes the container's stdin). */
export function shutdownFd(fd: number, how: number): void {
  check("shutdown", sym().shutdown(fd, how));
}

/**
 * An IPv4/IPv6 TCP (listening, SO_REUSEADDR like Go's net.Listen) or UDP socket bound to
 * `address` (16 or 4 bytes; all zero: any) and `port`, close-on-exec. Throws LibcError.
 */
export function bindInetSocket(address: Uint8Array, port: number, udp: boolean): number {
  const v6 = address.length === 16;
  const fd = check("socket", sym().socket(v6 ? 10 : 2, (udp ? 2 : 1) | SOCK_CLOEXEC, 0));
  try {
    const one = new Int32Array([1]);
    if (!udp) check("setsockopt", sym().setsockopt(fd, 1, 2, ptr(one), 4)); // SOL_SOCKET, SO_REUSEADDR
    if (v6) check("setsockopt", sym().setsockopt(fd, 41, 26, ptr(one), 4)); // IPPROTO_IPV6, IPV6_V6ONLY
    const addr = Buffer.alloc(v6 ? 28 : 16);
    addr.writeUInt16LE(v6 ? 10 : 2, 0);
    addr.writeUInt16BE(port, 2);
    addr.set(address, v6 ? 8 : 4);
    check("bind", sym().bind(fd, addr, addr.length));
    if (!udp) check("listen", sym().listen(fd, 4096));
    return fd;
  } catch (err) {
    sym().close(fd);
    throw err;
  }
}

/** Lets `fd` survive an exec (clears FD_CLOEXEC). */
export function keepAcrossExec(fd: number): void {
  const F_SETFD = 2;
  if (sym().fcntl(fd, F_SETFD, 0) < 0) throw new LibcError("fcntl", errno());
}

/** execve(2) itself: unlike process.execve, file descriptors without FD_CLOEXEC stay open. Returns only on failure. */
export function execve(file: string, argv: string[], env: Record<string, string>): never {
  const strings = (list: string[]) => {
    const bufs = list.map(cstr);
    const arr = new BigUint64Array(bufs.length + 1);
    bufs.forEach((b, i) => (arr[i] = BigInt(ptr(b))));
    return { bufs, arr };
  };
  const a = strings(argv);
  const e = strings(Object.entries(env).map(([k, v]) => `${k}=${v}`));
  const path = cstr(file);
  sym().execve(ptr(path), ptr(a.arr), ptr(e.arr));
  // keep the buffers alive up to the call
  void [a.bufs, e.bufs];
  throw new LibcError("execve", errno());
}

/**
 * _exit(2): ends the process at once, without the runtime's exit work. Everything tspod writes is
 * written synchronously, so nothing is lost; what is skipped is closing SQLite connections, whose
 * WAL checkpoint (two fsyncs) would otherwise run in every process (see util/sqlite.ts).
 */
export function exitNow(code: number): never {
  sym()._exit(code);
  throw new Error("_exit returned");
}
