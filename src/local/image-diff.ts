/**
 * `image diff`: what a layer stack adds (A), changes (C) or deletes (D). One image: its top
 * layer against the layers below; two images: their merged trees against each other.
 */
import fs from "node:fs";
import path from "node:path";
import type { ImageChange } from "../domain/image-store-engine.ts";

interface Entry {
  mode: number;
  size: number;
  mtime: number;
  link?: string;
}

function isWhiteout(st: fs.Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

/** Walks one layer dir: relative path → stat, whiteouts as null. */
function walkLayer(root: string): Map<string, Entry | null> {
  const out = new Map<string, Entry | null>();
  const rec = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const p = path.join(root, r);
      const st = fs.lstatSync(p);
      if (name.startsWith(".wh.")) {
        out.set(rel ? `${rel}/${name.slice(4)}` : name.slice(4), null);
        continue;
      }
      if (isWhiteout(st)) {
        out.set(r, null);
        continue;
      }
      out.set(r, { mode: st.mode, size: st.size, mtime: st.mtimeMs, link: st.isSymbolicLink() ? fs.readlinkSync(p) : undefined });
      if (st.isDirectory()) rec(r);
    }
  };
  rec("");
  return out;
}

/** The merged tree of a layer stack (base layer first). */
function mergedTree(layerDirs: string[]): Map<string, Entry> {
  const tree = new Map<string, Entry>();
  for (const dir of layerDirs) {
    for (const [p, e] of walkLayer(dir)) {
      if (e === null) {
        for (const k of [...tree.keys()]) if (k === p || k.startsWith(p + "/")) tree.delete(k);
      } else tree.set(p, e);
    }
  }
  return tree;
}

function same(a: Entry, b: Entry): boolean {
  return a.mode === b.mode && a.size === b.size && a.link === b.link && ((a.mode & 0o170000) === 0o040000 || a.mtime === b.mtime);
}

function sorted(changes: ImageChange[]): ImageChange[] {
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Changes of the top layer (`layers` base first) against the layers below it. */
export function layerChanges(layers: string[]): ImageChange[] {
  const top = layers[layers.length - 1];
  if (!top) return [];
  const below = mergedTree(layers.slice(0, -1));
  const changes: ImageChange[] = [];
  for (const [p, e] of walkLayer(top)) {
    if (e === null) {
      if (below.has(p)) changes.push({ kind: "D", path: "/" + p });
    } else changes.push({ kind: below.has(p) ? "C" : "A", path: "/" + p });
  }
  return sorted(changes);
}

/** Changes from the stack `from` to the stack `to` (both base first). */
export function stackChanges(from: string[], to: string[]): ImageChange[] {
  const a = mergedTree(from);
  const b = mergedTree(to);
  const changes: ImageChange[] = [];
  for (const [p, e] of b) {
    const old = a.get(p);
    if (!old) changes.push({ kind: "A", path: "/" + p });
    else if (!same(old, e)) changes.push({ kind: "C", path: "/" + p });
  }
  for (const p of a.keys()) if (!b.has(p)) changes.push({ kind: "D", path: "/" + p });
  return sorted(changes);
}
