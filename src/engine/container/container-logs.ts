/**
 * Reading conmon's k8s-file logs: one line per record, `<RFC3339Nano> <stdout|stderr> <F|P> <text>`
 * (P marks a partial line that continues in the next record).
 */
import fs from "node:fs";
import { sleep } from "../../util/sleep.ts";
import type { LogLine, LogOptions } from "../../domain/container-engine.ts";
import type { ContainerConfig } from "./container-record.ts";

export interface K8sLogRecord {
  time: string;
  stream: "stdout" | "stderr";
  partial: boolean;
  text: string;
}

export function parseK8sLogLine(line: string): K8sLogRecord | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/.exec(line);
  if (!m) return undefined;
  return { time: m[1]!, stream: m[2] as "stdout" | "stderr", partial: m[3] === "P", text: m[4]! };
}

function selected(rec: K8sLogRecord, opts: LogOptions): boolean {
  if (!opts.since && !opts.until) return true;
  const t = Date.parse(rec.time);
  if (opts.since && t < opts.since.getTime()) return false;
  if (opts.until && t > opts.until.getTime()) return false;
  return true;
}

function toLines(records: K8sLogRecord[], config: ContainerConfig): LogLine[] {
  const lines: LogLine[] = [];
  let pending: K8sLogRecord | undefined;
  for (const r of records) {
    const merged = pending ? { ...r, time: pending.time, text: pending.text + r.text } : r;
    if (r.partial) {
      pending = merged;
      continue;
    }
    pending = undefined;
    lines.push({ container: { id: config.id, name: config.name }, stream: merged.stream, time: merged.time, text: merged.text, full: true });
  }
  if (pending) lines.push({ container: { id: config.id, name: config.name }, stream: pending.stream, time: pending.time, text: pending.text, full: false });
  return lines;
}

/** Reads (and with `follow`, keeps reading until `isRunning` turns false) a container's log. */
export async function readContainerLog(
  config: ContainerConfig,
  opts: LogOptions,
  isRunning: () => boolean,
  onLine: (line: LogLine) => void,
  signal?: AbortSignal,
): Promise<void> {
  let offset = 0;
  let carry = "";
  let first = true;
  for (;;) {
    const running = isRunning();
    let chunk = "";
    try {
      const fd = fs.openSync(config.logPath, "r");
      try {
        const size = fs.fstatSync(fd).size;
        if (size > offset) {
          const buf = Buffer.alloc(size - offset);
          fs.readSync(fd, buf, 0, buf.length, offset);
          offset = size;
          chunk = buf.toString("utf8");
        }
      } finally {
        fs.closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const text = carry + chunk;
    const cut = text.lastIndexOf("\n");
    carry = cut >= 0 ? text.slice(cut + 1) : text;
    const records = (cut >= 0 ? text.slice(0, cut) : "").split("\n").flatMap((l) => {
      const r = l ? parseK8sLogLine(l) : undefined;
      return r && selected(r, opts) ? [r] : [];
    });
    let lines = toLines(records, config);
    if (first && opts.tail !== undefined && opts.tail >= 0) lines = lines.slice(Math.max(0, lines.length - opts.tail));
    first = false;
    for (const l of lines) onLine(l);
    if (!opts.follow || !running || signal?.aborted) return;
    await sleep(100);
  }
}
