/**
 * The client's half of a hijacked connection as an async iterable that starts buffering at once:
 * a Docker client sends stdin right after the 101, before the container or exec process is ready
 * to read it, and a flowing socket would drop those bytes. Pauses the socket past a high-water mark.
 */
import type { Readable } from "node:stream";

const HIGH_WATER = 1024 * 1024;

export function bufferedInput(stream: Readable): AsyncIterable<Uint8Array> {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on("data", (chunk: Buffer) => {
    queue.push(new Uint8Array(chunk));
    queued += chunk.length;
    if (queued > HIGH_WATER) stream.pause();
    notify();
  });
  const finish = () => {
    ended = true;
    notify();
  };
  stream.on("end", finish);
  stream.on("close", finish);
  stream.on("error", finish);
  // a connection taken before node:http (raw-exec-intake.ts) waits paused for this reader
  stream.resume();
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const chunk = queue.shift();
        if (chunk) {
          queued -= chunk.byteLength;
          if (queued <= HIGH_WATER && stream.isPaused()) stream.resume();
          yield chunk;
          continue;
        }
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}
