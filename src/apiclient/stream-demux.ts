/**
 * Docker's multiplexed stream (attach, exec, logs without a TTY): frames of an 8-byte header
 * (stream 0/1/2, 3 zero bytes, big-endian length) and the payload. Raw with a TTY: all stdout.
 */
export type StreamKind = "stdout" | "stderr";

export async function demuxStream(source: AsyncIterable<Uint8Array>, tty: boolean, onData: (stream: StreamKind, data: Uint8Array) => void): Promise<void> {
  if (tty) {
    for await (const c of source) onData("stdout", c);
    return;
  }
  let buf = Buffer.alloc(0);
  for await (const c of source) {
    buf = buf.length ? Buffer.concat([buf, Buffer.from(c)]) : Buffer.from(c);
    while (buf.length >= 8) {
      const len = buf.readUInt32BE(4);
      if (buf.length < 8 + len) break;
      const kind = buf[0] === 2 ? "stderr" : "stdout";
      if (len > 0) onData(kind, buf.subarray(8, 8 + len));
      buf = buf.subarray(8 + len);
    }
  }
}
