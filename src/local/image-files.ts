/** Reads a file of an image without mounting it: the top-most layer that has it wins. */
import fs from "node:fs";
import path from "node:path";

/** `layerDirs` top layer first. A whiteout (0/0 char device) in a higher layer hides the file. */
export function readImageFile(layerDirs: string[], relPath: string): string | undefined {
  for (const dir of layerDirs) {
    const p = path.join(dir, relPath);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    if (st.isCharacterDevice() && st.rdev === 0) return undefined;
    if (!st.isFile()) return undefined;
    return fs.readFileSync(p, "utf8");
  }
  return undefined;
}
