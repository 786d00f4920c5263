/**
 * Docker's multiplexed stream: each chunk prefixed by 8 bytes — stream type (0 stdin, 1 stdout,
 * 2 stderr), three zero bytes, the payload length as big-endian uint32. TTY streams are raw.
 */
export function frame(stream: 1 | 2, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.byteLength);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, data.byteLength);
  out.set(data, 8);
  return out;
}

/** The writer for one stream of a (possibly multiplexed) response. */
export function framer(multiplexed: boolean, write: (chunk: Uint8Array) => unknown): { stdout: (d: Uint8Array) => void; stderr: (d: Uint8Array) => void } {
  if (!multiplexed) return { stdout: (d) => void write(d), stderr: (d) => void write(d) };
  return { stdout: (d) => void write(frame(1, d)), stderr: (d) => void write(frame(2, d)) };
}
