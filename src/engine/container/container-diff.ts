/**
 * `diff`: what a container changed, read from its overlay upper dir. An entry that exists in
 * the image's layers is changed (C), otherwise added (A); whiteouts are deletions (D). Parent
 * directories of changes appear as changed, as in Podman.
 */
import fs from "node:fs";
import path from "node:path";
import type { ChangeEntry } from "../../domain/container-fs-engine.ts";
import { compareStrings } from "../../util/compare-strings.ts";

function existsInLowers(lowers: string[], rel: string): boolean {
  // lowers: top layer first; a whiteout or an opaque dir in a higher layer hides what is below.
  const parts = rel.split("/").filter(Boolean);
  for (const lower of lowers) {
    try {
      fs.lstatSync(path.join(lower, rel));
      return true;
    } catch {
      // not in this layer; a whiteout of the entry (or an ancestor) here ends the search
    }
    for (let i = 1; i <= parts.length; i++) {
      try {
        const st = fs.lstatSync(path.join(lower, ...parts.slice(0, i)));
        if (st.isCharacterDevice() && st.rdev === 0) return false;
      } catch {
        break;
      }
    }
  }
  return false;
}

export function containerChanges(upper: string, lowers: string[]): ChangeEntry[] {
  const out: ChangeEntry[] = [];
  const walk = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const abs = path.join(dir, n);
      const r = `${rel}/${n}`;
      const st = fs.lstatSync(abs);
      if (st.isCharacterDevice() && st.rdev === 0) {
        out.push({ Path: r, Kind: 2 });
        continue;
      }
      out.push({ Path: r, Kind: existsInLowers(lowers, r) ? 0 : 1 });
      if (st.isDirectory()) walk(abs, r);
    }
  };
  walk(upper, "");
  return out.sort((a, b) => compareStrings(a.Path, b.Path));
}

