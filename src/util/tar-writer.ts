/**
 * Builds tar archives in memory (ustar headers, PAX records for long names and binary xattrs).
 * Used by tests to craft layers (hostile ones included) and by small archive producers.
 */

export interface TarWriteEntry {
  name: string;
  type?: "file" | "hardlink" | "symlink" | "char" | "block" | "dir" | "fifo";
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  data?: Uint8Array | string;
  xattrs?: Record<string, Uint8Array | string>;
  /** Extra raw PAX records (for tests). */
  pax?: Record<string, Uint8Array | string>;
}

const BLOCK = 512;
const enc = new TextEncoder();
const FLAGS = { file: "0", hardlink: "1", symlink: "2", char: "3", block: "4", dir: "5", fifo: "6" } as const;

function bytes(v: Uint8Array | string): Uint8Array {
  return typeof v === "string" ? enc.encode(v) : v;
}

function octal(h: Uint8Array, off: number, len: number, value: number): void {
  const s = value.toString(8).padStart(len - 1, "0");
  if (s.length > len - 1) throw new Error(`tar field overflow: ${value}`);
  h.set(enc.encode(s), off);
}

function paxRecord(key: string, value: Uint8Array): Uint8Array {
  const body = new Uint8Array([...enc.encode(` ${key}=`), ...value, 0x0a]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return new Uint8Array([...enc.encode(String(len)), ...body]);
}

function header(name: string, flag: string, e: TarWriteEntry, size: number, linkname: string): Uint8Array {
  const h = new Uint8Array(BLOCK);
  h.set(enc.encode(name).subarray(0, 100), 0);
  octal(h, 100, 8, e.mode ?? (flag === "5" ? 0o755 : 0o644));
  octal(h, 108, 8, e.uid ?? 0);
  octal(h, 116, 8, e.gid ?? 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, Math.floor(e.mtime ?? 0));
  h[156] = flag.charCodeAt(0);
  h.set(enc.encode(linkname).subarray(0, 100), 157);
  h.set(enc.encode("ustar\x0000"), 257);
  octal(h, 329, 8, e.devmajor ?? 0);
  octal(h, 337, 8, e.devminor ?? 0);
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(enc.encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  return h;
}

function padTo(data: Uint8Array): Uint8Array[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return pad ? [data, new Uint8Array(pad)] : [data];
}

/** One entry (with a preceding PAX header when needed). */
export function tarEntry(e: TarWriteEntry): Uint8Array[] {
  const type = e.type ?? "file";
  const data = type === "file" && e.data !== undefined ? bytes(e.data) : new Uint8Array(0);
  const out = tarEntryHeader(e, data.length);
  if (data.length) out.push(...padTo(data));
  return out;
}

/** The header block(s) of an entry whose `size` content bytes the caller streams (then pads with `tarPadding`). */
export function tarEntryHeader(e: TarWriteEntry, size: number): Uint8Array[] {
  const type = e.type ?? "file";
  const linkname = e.linkname ?? "";
  const records: Uint8Array[] = [];
  if (enc.encode(e.name).length > 100) records.push(paxRecord("path", enc.encode(e.name)));
  if (enc.encode(linkname).length > 100) records.push(paxRecord("linkpath", enc.encode(linkname)));
  for (const [k, v] of Object.entries(e.xattrs ?? {})) records.push(paxRecord(`SCHILY.xattr.${k}`, bytes(v)));
  for (const [k, v] of Object.entries(e.pax ?? {})) records.push(paxRecord(k, bytes(v)));
  const out: Uint8Array[] = [];
  if (records.length) {
    const paxData = concatBytes(records);
    out.push(header("PaxHeader", "x", { name: "PaxHeader" }, paxData.length, ""), ...padTo(paxData));
  }
  out.push(header(e.name, FLAGS[type], e, size, linkname));
  return out;
}

/** Zero bytes that complete a `size`-byte entry body to a whole block. */
export function tarPadding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The two zero blocks that end an archive. */
export const TAR_END = new Uint8Array(BLOCK * 2);

/** A whole archive, terminated by two zero blocks. */
export function buildTar(entries: TarWriteEntry[]): Uint8Array {
  return concatBytes([...entries.flatMap(tarEntry), new Uint8Array(BLOCK * 2)]);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
