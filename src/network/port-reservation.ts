/**
 * Host port reservation, as Podman does it: before conmon starts, every published TCP and UDP
 * host port is bound (TCP also listening) by tspod and the sockets are handed to conmon, which
 * keeps them open for the container's life. A port another program or container holds fails
 * the start with Go's error text; nobody can take a published port while the container runs.
 */
import { exactError } from "../errors/tspod-error.ts";
import { bindInetSocket, closeFd, LibcError } from "../util/libc.ts";
import { parseIp } from "../util/ip-math.ts";
import type { PortMapping } from "./network-types.ts";

function addressBytes(hostIp: string): Uint8Array {
  const ip = hostIp ? parseIp(hostIp) : undefined;
  const size = ip?.v === 6 ? 16 : 4;
  const out = new Uint8Array(size);
  let n = ip?.n ?? 0n;
  for (let i = size - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** Binds every TCP/UDP host port of `ports`; returns the fds (the caller closes them). */
export function reserveHostPorts(ports: PortMapping[]): number[] {
  const fds: number[] = [];
  try {
    for (const m of ports) {
      if (m.protocol !== "tcp" && m.protocol !== "udp") continue; // Podman: no reservation for SCTP
      const address = addressBytes(m.host_ip);
      const net = `${m.protocol}${address.length === 16 ? 6 : 4}`;
      for (let i = 0; i < Math.max(1, m.range); i++) {
        const port = m.host_port + i;
        try {
          fds.push(bindInetSocket(address, port, m.protocol === "udp"));
        } catch (err) {
          if (!(err instanceof LibcError)) throw err;
          const where = m.host_ip ? (address.length === 16 ? `[${m.host_ip}]:${port}` : `${m.host_ip}:${port}`) : `:${port}`;
          const reason = err.message.slice(err.call.length + 2);
          throw exactError(
            "port_bind",
            `cannot listen on the ${m.protocol.toUpperCase()} port: listen ${net} ${where}: ${err.call}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
          );
        }
      }
    }
    return fds;
  } catch (err) {
    releaseHostPorts(fds);
    throw err;
  }
}

export function releaseHostPorts(fds: number[]): void {
  for (const fd of fds) closeFd(fd);
}
