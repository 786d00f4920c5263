/**
 * `.containerignore` / `.dockerignore` patterns (Docker's rules): one pattern a line, `#`
 * comments, `!` exceptions, `*` and `?` within a path component, `**` across components; the
 * last matching pattern decides, and a pattern matching a directory matches everything in it.
 */
export interface IgnorePattern {
  re: RegExp;
  exception: boolean;
}

export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += "[" + glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) re += "\\" + glob[++i];
    else re += c.replace(/[.+^${}()|\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function clean(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/");
}

export function parseIgnoreFile(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.trim();
    if (!line || line.startsWith("#")) continue;
    const exception = line.startsWith("!");
    if (exception) line = line.slice(1).trim();
    const p = clean(line);
    if (!p) continue;
    out.push({ re: globToRegExp(p), exception });
  }
  return out;
}

/** Whether `rel` (a path relative to the context, `/`-separated) is excluded. */
export function isIgnored(patterns: IgnorePattern[], rel: string): boolean {
  const r = clean(rel);
  if (!r) return false;
  const prefixes: string[] = [];
  const segs = r.split("/");
  for (let i = 1; i <= segs.length; i++) prefixes.push(segs.slice(0, i).join("/"));
  let ignored = false;
  for (const p of patterns) {
    if (prefixes.some((x) => p.re.test(x))) ignored = !p.exception;
  }
  return ignored;
}
