/**
 * A layer's tar stream rebuilt from its unpacked diff directory (for images whose compressed blob
 * is not in the blob store). Entries are sorted by name; overlay whiteouts (char device 0/0) become
 * `.wh.NAME` entries again; hardlinks within the layer are kept as hardlinks. xattrs other than
 * whiteouts are not carried (the blob path is preferred whenever the blob exists).
 */
import fs from "node:fs";
import path from "node:path";
import { tarEntry, type TarWriteEntry } from "../util/tar-writer.ts";

const BLOCK = 512;

export async function* diffDirTar(root: string): AsyncGenerator<Uint8Array> {
  const seen = new Map<string, string>();
  for (const rel of walk(root, "")) {
    const abs = path.join(root, rel);
    const st = fs.lstatSync(abs);
    const base: Omit<TarWriteEntry, "name"> = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
    if (st.isDirectory()) {
      yield* tarEntry({ ...base, name: rel + "/", type: "dir" });
    } else if (st.isSymbolicLink()) {
      yield* tarEntry({ ...base, name: rel, type: "symlink", linkname: fs.readlinkSync(abs) });
    } else if (st.isCharacterDevice() && st.rdev === 0) {
      const dir = path.posix.dirname(rel);
      yield* tarEntry({ ...base, mode: 0, name: (dir === "." ? "" : dir + "/") + ".wh." + path.posix.basename(rel), type: "file" });
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      const major = Math.floor(st.rdev / 256) & 0xfff;
      const minor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
      yield* tarEntry({ ...base, name: rel, type: st.isCharacterDevice() ? "char" : "block", devmajor: major, devminor: minor });
    } else if (st.isFIFO()) {
      yield* tarEntry({ ...base, name: rel, type: "fifo" });
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? seen.get(key) : undefined;
      if (first) {
        yield* tarEntry({ ...base, name: rel, type: "hardlink", linkname: first });
        continue;
      }
      if (st.nlink > 1) seen.set(key, rel);
      yield* tarEntry({ ...base, name: rel, type: "file", data: new Uint8Array(fs.readFileSync(abs)) });
    }
  }
  yield new Uint8Array(BLOCK * 2);
}

function* walk(root: string, rel: string): Generator<string> {
  const names = fs.readdirSync(path.join(root, rel)).sort();
  for (const n of names) {
    const r = rel ? `${rel}/${n}` : n;
    yield r;
    if (fs.lstatSync(path.join(root, r)).isDirectory()) yield* walk(root, r);
  }
}
