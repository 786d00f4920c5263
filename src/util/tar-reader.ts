/**
 * A streaming tar reader: ustar/POSIX headers, GNU long names (`L`/`K`), PAX extended (`x`) and
 * global (`g`) records. PAX values are kept as bytes, so binary `SCHILY.xattr.*` values (e.g.
 * `security.capability`) survive. Input is untrusted: every field is validated.
 */
import { TspodError } from "../errors/tspod-error.ts";

export type TarEntryType = "file" | "hardlink" | "symlink" | "char" | "block" | "dir" | "fifo";

export interface TarHeader {
  /** Path as stored (after PAX/GNU overrides), not normalised. */
  name: string;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch (fractional from PAX). */
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  /** Extended attributes from PAX `SCHILY.xattr.<name>` records, values as raw bytes. */
  xattrs: Map<string, Uint8Array>;
}

export interface TarEntry {
  header: TarHeader;
  /** The entry's content; read it before asking for the next entry (unread data is skipped). */
  body: AsyncIterable<Uint8Array>;
}

const BLOCK = 512;
const decoder = new TextDecoder("utf-8");

function bad(msg: string): TspodError {
  return new TspodError("unsafe_content", `invalid tar archive: ${msg}`);
}

/** Buffered reader over an async byte source. */
class ByteReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private done = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
  }

  /** Exactly n bytes, or null at a clean end of input; throws on a truncated read. */
  async readExact(n: number): Promise<Uint8Array | null> {
    await this.fill(n);
    if (this.buffered === 0) return null;
    if (this.buffered < n) throw bad("unexpected end of archive");
    return this.take(n);
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length, n - off);
      out.set(c.subarray(0, k), off);
      off += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  /** Yields the next n bytes in pieces (as they arrive). */
  async *stream(n: number): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0) await this.fill(1);
      if (this.buffered === 0) throw bad("unexpected end of archive");
      const c = this.chunks[0]!;
      const k = Math.min(c.length, left);
      yield this.take(k);
      left -= k;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const _ of this.stream(n)) {
      /* discard */
    }
  }

  /** Reads and discards everything left (so a hash over the source covers the whole stream). */
  async drain(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    while (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
    }
  }
}

function cstring(b: Uint8Array): string {
  const z = b.indexOf(0);
  return decoder.decode(z >= 0 ? b.subarray(0, z) : b);
}

/** Octal (space/NUL padded) or GNU base-256 numeric field. */
function parseNumeric(b: Uint8Array, field: string): number {
  if (b[0]! & 0x80) {
    if (b[0] === 0xff) throw bad(`negative ${field}`);
    let v = BigInt(b[0]! & 0x7f);
    for (let i = 1; i < b.length; i++) v = (v << 8n) | BigInt(b[i]!);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`${field} too large`);
    return Number(v);
  }
  const s = cstring(b).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) throw bad(`bad ${field} field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

function checksumOk(h: Uint8Array): boolean {
  const stored = parseNumeric(h.subarray(148, 156), "checksum");
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return stored === unsigned || stored === signed;
}

/** Parses PAX records (`<len> <key>=<value>\n`), values as bytes. */
export function parsePaxRecords(data: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let off = 0;
  while (off < data.length) {
    if (data[off] === 0) break; // NUL padding
    const sp = data.indexOf(0x20, off);
    if (sp < 0 || sp - off > 20) throw bad("malformed PAX record");
    const lenStr = decoder.decode(data.subarray(off, sp));
    if (!/^\d+$/.test(lenStr)) throw bad("malformed PAX record length");
    const len = parseInt(lenStr, 10);
    const end = off + len;
    if (len <= sp - off + 1 || end > data.length || data[end - 1] !== 0x0a) throw bad("malformed PAX record");
    const eq = data.indexOf(0x3d, sp + 1);
    if (eq < 0 || eq >= end) throw bad("malformed PAX record (no '=')");
    const key = decoder.decode(data.subarray(sp + 1, eq));
    out.set(key, data.slice(eq + 1, end - 1));
    off = end;
  }
  return out;
}

const TYPES: Record<string, TarEntryType> = {
  "0": "file", "\0": "file", "7": "file", "1": "hardlink", "2": "symlink",
  "3": "char", "4": "block", "5": "dir", "6": "fifo",
};

const MAX_META = 1 << 20; // long names / PAX headers larger than 1 MiB are refused

/** Reads entries from a tar stream. After the last entry the rest of the input is drained. */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const r = new ByteReader(source[Symbol.asyncIterator]());
  let globalPax = new Map<string, Uint8Array>();
  let pax: Map<string, Uint8Array> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const h = await r.readExact(BLOCK);
    if (h === null) break;
    if (h.every((x) => x === 0)) {
      await r.drain();
      break;
    }
    if (!checksumOk(h)) throw bad("header checksum mismatch");
    const flag = String.fromCharCode(h[156]!);
    const size = parseNumeric(h.subarray(124, 136), "size");
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "x" || flag === "g" || flag === "L" || flag === "K") {
      if (size > MAX_META) throw bad("extended header too large");
      const data = size ? (await r.readExact(padded))!.subarray(0, size) : new Uint8Array(0);
      if (flag === "x") pax = parsePaxRecords(data);
      else if (flag === "g") globalPax = new Map([...globalPax, ...parsePaxRecords(data)]);
      else if (flag === "L") longName = cstring(data);
      else longLink = cstring(data);
      continue;
    }
    const magic = decoder.decode(h.subarray(257, 263));
    let name = cstring(h.subarray(0, 100));
    if (magic === "ustar\0") {
      const prefix = cstring(h.subarray(345, 500));
      if (prefix) name = `${prefix}/${name}`;
    }
    const header: TarHeader = {
      name,
      type: "file",
      mode: parseNumeric(h.subarray(100, 108), "mode") & 0o7777,
      uid: parseNumeric(h.subarray(108, 116), "uid"),
      gid: parseNumeric(h.subarray(116, 124), "gid"),
      size,
      mtime: parseNumeric(h.subarray(136, 148), "mtime"),
      linkname: cstring(h.subarray(157, 257)),
      uname: cstring(h.subarray(265, 297)),
      gname: cstring(h.subarray(297, 329)),
      devmajor: parseNumeric(h.subarray(329, 337), "devmajor"),
      devminor: parseNumeric(h.subarray(337, 345), "devminor"),
      xattrs: new Map(),
    };
    if (longName !== undefined) header.name = longName;
    if (longLink !== undefined) header.linkname = longLink;
    applyPax(header, globalPax);
    if (pax) applyPax(header, pax);
    pax = longName = longLink = undefined;
    const type = TYPES[flag];
    if (!type) {
      // GNU volume headers, multi-volume, sparse files and vendor types are not layer content.
      if (flag === "V" || flag === "D" || flag === "N") {
        await r.skip(Math.ceil(header.size / BLOCK) * BLOCK);
        continue;
      }
      throw bad(`unsupported entry type ${JSON.stringify(flag)} for ${JSON.stringify(header.name)}`);
    }
    header.type = type === "file" && header.name.endsWith("/") && flag !== "7" ? "dir" : type;
    // Like Go's archive/tar: header-only types carry no data, whatever their size field says.
    if (header.type !== "file") header.size = 0;
    const dataSize = header.size;
    let consumed = 0;
    const body = (async function* () {
      if (dataSize === 0) return;
      for await (const c of r.stream(dataSize - consumed)) {
        consumed += c.length;
        yield c;
      }
    })();
    yield { header, body };
    // Skip whatever the consumer did not read, plus padding to the block boundary.
    const rest = Math.ceil(dataSize / BLOCK) * BLOCK - consumed;
    if (rest > 0) await r.skip(rest);
  }
}

function applyPax(h: TarHeader, pax: Map<string, Uint8Array>): void {
  for (const [key, raw] of pax) {
    const v = () => decoder.decode(raw);
    const num = (field: string) => {
      const s = v();
      if (!/^-?\d+(\.\d+)?$/.test(s)) throw bad(`bad PAX ${field} ${JSON.stringify(s)}`);
      return Number(s);
    };
    switch (key) {
      case "path": h.name = v(); break;
      case "linkpath": h.linkname = v(); break;
      case "size": h.size = num("size"); break;
      case "uid": h.uid = num("uid"); break;
      case "gid": h.gid = num("gid"); break;
      case "mtime": h.mtime = num("mtime"); break;
      case "uname": h.uname = v(); break;
      case "gname": h.gname = v(); break;
      default:
        if (key.startsWith("SCHILY.xattr.")) h.xattrs.set(key.slice(13), raw);
    }
  }
  if (!Number.isSafeInteger(h.size) || h.size < 0) throw bad("bad entry size");
}
