/**
 * Podman-style pull progress on a terminal: one line per blob,
 * `Copying blob 2e97dcd01cc0 [=====>--------------] 1.2MiB / 3.4MiB`, redrawn in place (ANSI
 * cursor-up) at most every 100 ms, and `done` / `skipped: already exists` when finished.
 */

export interface BlobProgressUpdate {
  digest: string;
  bytes: number;
  total: number;
  status: "downloading" | "done" | "skipped";
}

const WIDTH = 30;

/** IEC sizes the way Podman's progress bars print them (1.2MiB, 340.0KiB, 12B). */
export function iecSize(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v}B` : `${v.toFixed(1)}${units[i]}`;
}

export function barLine(p: BlobProgressUpdate): string {
  const id = p.digest.replace(/^sha256:/, "").slice(0, 12);
  if (p.status === "skipped") return `Copying blob ${id} skipped: already exists`;
  if (p.status === "done") return `Copying blob ${id} done`;
  const frac = p.total > 0 ? Math.min(1, p.bytes / p.total) : 0;
  const filled = Math.floor(frac * WIDTH);
  const bar = filled >= WIDTH ? "=".repeat(WIDTH) : "=".repeat(filled) + ">" + "-".repeat(WIDTH - filled - 1);
  return `Copying blob ${id} [${bar}] ${iecSize(p.bytes)} / ${iecSize(p.total)}`;
}

export class ProgressBars {
  private readonly rows = new Map<string, BlobProgressUpdate>();
  private drawn = 0;
  private last = 0;
  private dirty = false;

  constructor(
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  update(p: BlobProgressUpdate): void {
    const isNew = !this.rows.has(p.digest);
    this.rows.set(p.digest, p);
    this.dirty = true;
    const force = isNew || p.status !== "downloading";
    if (!force && this.now() - this.last < 100) return;
    this.redraw();
  }

  /** A plain line (Trying to pull…, Copying config…): bars drawn so far stay above it. */
  line(text: string): void {
    if (this.rows.size) {
      if (this.dirty) this.redraw();
      this.rows.clear();
      this.drawn = 0;
    }
    this.write(`${text}\n`);
  }

  private redraw(): void {
    this.last = this.now();
    this.dirty = false;
    let out = this.drawn ? `\x1b[${this.drawn}A` : "";
    for (const p of this.rows.values()) out += `\r\x1b[2K${barLine(p)}\n`;
    this.drawn = this.rows.size;
    this.write(out);
  }
}
